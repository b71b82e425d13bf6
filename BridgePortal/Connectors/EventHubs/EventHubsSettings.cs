namespace BridgePortal.Connectors.EventHubs;

/// <summary>Names of the Event Hubs connection's and sink's settings.</summary>
public static class EventHubsSettings
{
    public const string ConnectionString = "ConnectionString";
    public const string Namespace = "Namespace";
    public const string Hub = "Hub";
    public const string KeyName = "KeyName";
    public const string Key = "Key";
    public const string ServiceUrl = "ServiceUrl";
    public const string TestSendsEvent = "TestSendsEvent";

    public const string PartitionKeyPath = "PartitionKeyPath";
    public const string MaxBatchBytes = "MaxBatchBytes";
    public const string MaxBatchCount = "MaxBatchCount";

    public const int DefaultMaxBatchBytes = 256 * 1024;
    public const int DefaultMaxBatchCount = 500;
}

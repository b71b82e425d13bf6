namespace BridgePortal.Tests.Connectors.EventHubs;

/// <summary>One event the fake Event Hub accepted.</summary>
/// <param name="RequestNumber">1-based number of the accepted POST that carried the event (events of one batch share it).</param>
public sealed record ReceivedEvent(string Body, IReadOnlyDictionary<string, string> UserProperties, string? PartitionKey, DateTime ReceivedAt, int RequestNumber);

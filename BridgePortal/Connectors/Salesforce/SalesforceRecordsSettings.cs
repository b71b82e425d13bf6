namespace BridgePortal.Connectors.Salesforce;

/// <summary>Setting names of the Salesforce records source (what Salesforce sends to <c>/hooks/{key}</c>).</summary>
public static class SalesforceRecordsSettings
{
    public const string Secret = "SalesforceSecret";
    public const string SecretHeader = "SecretHeader";
    public const string DefaultSecretHeader = "X-BridgePortal-Secret";
    public const string ObjectTypes = "ObjectTypes";
}

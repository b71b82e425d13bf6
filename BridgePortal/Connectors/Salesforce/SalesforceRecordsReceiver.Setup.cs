using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>How a Salesforce Flow HTTP callout or Apex posts records to the bridge.</summary>
public sealed partial class SalesforceRecordsReceiver
{
    public string IdField => "Id (with attributes.type)";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("Salesforce", hookUrl,
    [
        "From a Flow HTTP callout or Apex: POST the records as JSON (an array, {\"records\":[…]} or one record) to the URL above.",
        $"Send this bridge's 'Shared secret' as 'Authorization: Bearer <secret>' or in the {sourceSettings.GetValueOrDefault(SalesforceRecordsSettings.SecretHeader) ?? SalesforceRecordsSettings.DefaultSecretHeader} header.",
    ]);
}

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.StandardWebhooks;

/// <summary>How a Standard Webhooks sender is pointed at the bridge (the spec's webhook-id/-timestamp/-signature headers).</summary>
public sealed partial class StandardWebhookReceiver
{
    public string IdField => "the webhook-id header";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("a Standard Webhooks sender", hookUrl + WebhookSetup.DocumentQuery,
    [
        "In the sender's webhook settings: endpoint URL = the URL above, with your project (prj) and quality model filled in.",
        "Signing secret: the sender's whsec_… secret, saved as this bridge's 'Signing secret'.",
        "The sender signs each message with the webhook-id, webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256>) headers; a timestamp more than 5 minutes off is refused.",
    ]);
}

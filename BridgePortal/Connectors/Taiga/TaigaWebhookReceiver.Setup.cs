using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Taiga;

/// <summary>How a Taiga project is pointed at the bridge (Taiga's webhooks contrib: service secret key, X-TAIGA-WEBHOOK-SIGNATURE).</summary>
public sealed partial class TaigaWebhookReceiver
{
    public string IdField => "data.id";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("Taiga", hookUrl + WebhookSetup.DocumentQuery,
    [
        "In Taiga: the project's Admin → Integrations → Webhooks → Add a new webhook.",
        "Payload URL: the URL above, with your project (prj) and quality model filled in.",
        $"Service secret key: the same value as this bridge's 'Webhook key'. Taiga signs every call with it in the {SignatureHeader} header (HMAC-SHA1 of the body, hex).",
    ]);
}

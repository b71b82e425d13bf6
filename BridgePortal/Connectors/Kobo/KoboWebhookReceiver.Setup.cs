using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>How a KoboToolbox project's REST Service is pointed at the bridge (kpi's REST Services: JSON, optional basic auth).</summary>
public sealed partial class KoboWebhookReceiver
{
    public string IdField => "_uuid / _id";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("KoboToolbox", hookUrl,
    [
        "In KoboToolbox: the project's Settings → REST Services → Register a new service.",
        "Endpoint URL: the URL above. Type: JSON. Leave the submission fields empty, or include _id.",
        sourceSettings.GetValueOrDefault(KoboSettings.WebhookUsername) is not { Length: > 0 } username
            ? "Security: this bridge sets no webhook username, so anyone who knows the URL can post; set 'Webhook username' and 'Webhook password' on the bridge and choose Basic authentication on the service."
            : $"Security: Basic authentication, username '{username}' and this bridge's 'Webhook password'.",
        "The bridge also polls the project, so a submission the service misses is still fetched.",
    ]);
}

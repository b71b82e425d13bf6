using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CommCare;

/// <summary>How CommCare HQ's form forwarding is pointed at the bridge (Data Forwarding, JSON payload, basic or bearer).</summary>
public sealed partial class CommCareFormReceiver
{
    public string IdField => "id (the form id)";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("CommCare", hookUrl,
    [
        "In CommCare HQ: Project Settings → Data Forwarding → Forward Forms → Add a forwarding location.",
        "URL: the URL above. Payload format: JSON.",
        sourceSettings.GetValueOrDefault(CommCareSettings.WebhookUsername) is { Length: > 0 } forwarder
            ? $"Authentication: basic, username '{forwarder}' and this bridge's 'Forwarder password'."
            : "Authentication: bearer, with this bridge's 'Forwarder bearer token'; or basic, after setting 'Forwarder username' and 'Forwarder password' on the bridge. With neither, anyone who knows the URL can post.",
        "CommCare retries every answer other than 2xx; re-sent forms are not duplicated.",
    ]);
}

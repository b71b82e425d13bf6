using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>How a GitHub repository is pointed at the bridge (GitHub's "Creating webhooks" and "Validating webhook deliveries").</summary>
public sealed partial class GitHubWebhookReceiver
{
    public string IdField => "commits[].id, issue.id or pull_request.id";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("GitHub", hookUrl + WebhookSetup.DocumentQuery,
    [
        "On GitHub: the repository's (or organisation's) Settings → Webhooks → Add webhook.",
        "Payload URL: the URL above, with your project (prj) and quality model filled in.",
        "Content type: application/json.",
        $"Secret: the same value as this bridge's 'Webhook secret'. GitHub signs every delivery with it in the {SignatureHeader} header (sha256=<HMAC of the body>); a delivery without the right signature is refused with 401.",
        "Events: push, issues and pull requests (or 'Send me everything'); GitHub's ping is answered and not stored.",
    ]);
}

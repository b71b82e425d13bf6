using System.Security.Cryptography;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>
/// GitHub repository/organisation webhooks: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256&gt;</c> of the raw
/// body; <c>ping</c> is answered 200 and not stored; every other event is normalised (or kept raw). An optional
/// GitHub source connection and the back-fill settings let the bridge page back-fill what webhooks missed.
/// </summary>
public sealed partial class GitHubWebhookReceiver : IWebhookReceiver
{
    public const string SourceKindName = "GitHubWebhook";
    public const string SignatureHeader = "X-Hub-Signature-256";

    public static readonly SourceKind Source = new(
        SourceKindName,
        "GitHub webhook (push, issues, pull requests)",
        GitHubConnectionKind.Kind,
        [
            WebhookRequests.SecretField("Webhook secret", "The secret set on GitHub's webhook (content type application/json); encrypted, never shown back. URL: /hooks/{key}?prj=<project>&quality_model=<model>"),
            .. GitHubSettings.BackfillFields,
        ],
        ConnectionOptional: true);

    public string Kind => SourceKindName;

    /// <summary>GitHub caps payloads at 25 MB and drops larger ones ("About webhook events and payloads", Payload cap).</summary>
    public long DefaultMaxBodyBytes => 25 * BodyLimits.MiB;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context)
    {
        var (secret, noSecret) = WebhookRequests.Secret(context);
        if (noSecret is not null)
        {
            return noSecret;
        }

        if (request.Header(SignatureHeader) is null && request.Header("X-Hub-Signature") is not null)
        {
            return WebhookRequests.Unauthorized("Only X-Hub-Signature-256 (sha256=) is accepted; the legacy sha1 X-Hub-Signature is not.");
        }

        if (WebhookSignatures.CheckHex(request.Header(SignatureHeader), SignatureHeader, "sha256=", HashAlgorithmName.SHA256, secret!, request.Body.Span) is { } reason)
        {
            return WebhookRequests.Unauthorized(reason);
        }

        var (meta, noPrj) = WebhookRequests.Metadata(request);
        if (noPrj is not null)
        {
            return noPrj;
        }

        if (request.Header("X-GitHub-Event") is not { Length: > 0 } @event)
        {
            return WebhookVerdict.Reject(400, "Missing event", "The X-GitHub-Event header is missing.");
        }

        if (@event == "ping")
        {
            return WebhookVerdict.Ignore("pong");
        }

        var (json, malformed) = WebhookRequests.Json(request);
        if (malformed is null && @event == "push" && MissingCommitId(json!) is { } index)
        {
            // A commit without an id would be dropped silently (202, nothing stored): say which one instead.
            return WebhookVerdict.Reject(400, "Missing commit id", $"commits[{index}].id is missing or empty: every commit of a push needs its sha to be stored.");
        }

        return malformed ?? WebhookRequests.Accept(GitHubNormaliser.Normalise(@event, request.Header("X-GitHub-Delivery"), json!, request.Body, meta!));
    }

    private static int? MissingCommitId(System.Text.Json.Nodes.JsonNode payload)
    {
        if (payload.At("commits") is not System.Text.Json.Nodes.JsonArray commits)
        {
            return null;
        }

        for (var i = 0; i < commits.Count; i++)
        {
            if (commits[i] is not System.Text.Json.Nodes.JsonObject commit || commit.Text("id") is not { Length: > 0 })
            {
                return i;
            }
        }

        return null;
    }
}

using System.Security.Cryptography;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Taiga;

/// <summary>Taiga project webhooks: <c>X-TAIGA-WEBHOOK-SIGNATURE: &lt;hex HMAC-SHA1&gt;</c> of the raw body; the <c>test</c> action is answered and not stored.</summary>
public sealed partial class TaigaWebhookReceiver : IWebhookReceiver
{
    public const string SourceKindName = "TaigaWebhook";
    public const string SignatureHeader = "X-TAIGA-WEBHOOK-SIGNATURE";

    public static readonly SourceKind Source = new(
        SourceKindName,
        "Taiga webhook (tasks, user stories, issues)",
        null,
        [WebhookRequests.SecretField("Webhook key", "The key set on Taiga's webhook; encrypted, never shown back. URL: /hooks/{key}?prj=<project>&quality_model=<model>")]);

    public string Kind => SourceKindName;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context) => WebhookRequests.Receive(
        request,
        context,
        secret => WebhookSignatures.CheckHex(request.Header(SignatureHeader), SignatureHeader, "", HashAlgorithmName.SHA1, secret, request.Body.Span),
        (json, meta) => json.Text("action") == "test" ? WebhookVerdict.Ignore("test received") : WebhookRequests.Accept([TaigaNormaliser.Normalise(json, request.Body, meta)]));
}

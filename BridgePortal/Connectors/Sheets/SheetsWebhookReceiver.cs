using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Sheets;

/// <summary>Google Sheets (Apps Script <c>UrlFetchApp</c>) posts: a shared token in <c>X-Sheets-Token</c>, compared in constant time.</summary>
public sealed partial class SheetsWebhookReceiver : IWebhookReceiver
{
    public const string SourceKindName = "SheetsWebhook";
    public const string TokenHeader = "X-Sheets-Token";

    public static readonly SourceKind Source = new(
        SourceKindName,
        "Google Sheets webhook (Apps Script effort rows)",
        null,
        [WebhookRequests.SecretField("Shared token", "The token the Apps Script sends in the X-Sheets-Token header; encrypted, never shown back. URL: /hooks/{key}?prj=<project>&quality_model=<model>")]);

    public string Kind => SourceKindName;

    /// <summary>Apps Script's UrlFetchApp may POST up to 50 MB per call (Google's Apps Script quotas).</summary>
    public long DefaultMaxBodyBytes => 50 * BodyLimits.MiB;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context) => WebhookRequests.Receive(
        request,
        context,
        secret => request.Header(TokenHeader) is not { Length: > 0 } token ? $"The {TokenHeader} header is missing."
            : !WebhookSignatures.TokenMatches(token, secret) ? $"The {TokenHeader} token is wrong." : null,
        (json, meta) =>
        {
            var (documents, error) = SheetsNormaliser.Normalise(json, request.Body, meta);
            return error is not null ? WebhookVerdict.Reject(400, "Row without id", error) : WebhookRequests.Accept(documents);
        });
}

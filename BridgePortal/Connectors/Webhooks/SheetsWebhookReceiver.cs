using BridgePortal.Engine;

namespace BridgePortal.Connectors.Webhooks;

/// <summary>Google Sheets (Apps Script <c>UrlFetchApp</c>) posts: a shared token in <c>X-Sheets-Token</c>, compared in constant time.</summary>
public sealed class SheetsWebhookReceiver : IWebhookReceiver
{
    public const string SourceKindName = "SheetsWebhook";
    public const string TokenHeader = "X-Sheets-Token";

    public static readonly SourceKind Source = new(
        SourceKindName,
        "Google Sheets webhook (Apps Script effort rows)",
        null,
        [WebhookRequests.SecretField("Shared token", "The token the Apps Script sends in the X-Sheets-Token header; encrypted, never shown back. URL: /hooks/{key}?prj=<project>&quality_model=<model>")]);

    public string Kind => SourceKindName;

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context)
    {
        var (secret, noSecret) = WebhookRequests.Secret(context);
        if (noSecret is not null)
        {
            return noSecret;
        }

        if (request.Header(TokenHeader) is not { Length: > 0 } token)
        {
            return WebhookRequests.Unauthorized($"The {TokenHeader} header is missing.");
        }

        if (!WebhookSignatures.TokenMatches(token, secret!))
        {
            return WebhookRequests.Unauthorized($"The {TokenHeader} token is wrong.");
        }

        var (meta, noPrj) = WebhookRequests.Metadata(request);
        if (noPrj is not null)
        {
            return noPrj;
        }

        var (json, malformed) = WebhookRequests.Json(request);
        if (malformed is not null)
        {
            return malformed;
        }

        var (documents, error) = SheetsNormaliser.Normalise(json!, request.Body, meta!);
        return error is not null ? WebhookVerdict.Reject(400, "Row without id", error) : WebhookRequests.Accept(documents);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>What every signed-webhook receiver does alike: the bridge's secret, the URL's metadata, the JSON body.</summary>
public static class WebhookRequests
{
    public const string SecretSetting = "WebhookSecret";
    public const string PrjParameter = "prj";
    public const string QualityModelParameter = "quality_model";

    public static SettingField SecretField(string label, string help) => new(SecretSetting, label, Secret: true, Required: true, Help: help);

    /// <summary>The bridge's webhook secret, or a refusal when none is set (the sender cannot be verified).</summary>
    public static (string? Secret, WebhookVerdict? Refusal) Secret(SourceContext context) =>
        context.Secret(SecretSetting) is { } secret
            ? (secret, null)
            : (null, WebhookVerdict.Reject(401, "Unauthorized", "This bridge has no webhook secret set: edit the bridge and set it, so signatures can be verified."));

    public static WebhookVerdict Unauthorized(string reason) => WebhookVerdict.Reject(401, "Unauthorized", reason);

    /// <summary><c>prj</c> (required) and <c>quality_model</c> from the query string.</summary>
    public static (WebhookMetadata? Meta, WebhookVerdict? Refusal) Metadata(WebhookRequest request) =>
        request.QueryValue(PrjParameter) is { Length: > 0 } prj && !string.IsNullOrWhiteSpace(prj)
            ? (new WebhookMetadata(prj.Trim(), request.QueryValue(QualityModelParameter) is { Length: > 0 } qm && !string.IsNullOrWhiteSpace(qm) ? qm.Trim() : null), null)
            : (null, WebhookVerdict.Reject(400, "Missing prj", "Add ?prj=<project> to the webhook URL: every document is stored under its project."));

    /// <summary>The body as a JSON object (<see cref="JsonBody"/>); GitHub's form encoding (<c>payload=…</c>) is accepted too.</summary>
    public static (JsonNode? Json, WebhookVerdict? Refusal) Json(WebhookRequest request)
    {
        try
        {
            var json = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                ? JsonBody.Parse(FormPayload(request.Body.Span))
                : JsonBody.Parse(request.Body);
            return json is JsonObject o
                ? (o, null)
                : (null, WebhookVerdict.Reject(400, "Not a JSON object", "The body must be a JSON object."));
        }
        catch (JsonBodyException e)
        {
            return (null, WebhookVerdict.Reject(400, e.Title, e.Message));
        }
    }

    /// <summary>The percent-decoded bytes of the form's <c>payload</c> field (empty when absent), so their UTF-8 is checked as sent.</summary>
    private static byte[] FormPayload(ReadOnlySpan<byte> form)
    {
        foreach (var range in form.Split((byte)'&'))
        {
            var field = form[range];
            if (field.StartsWith("payload="u8))
            {
                return System.Web.HttpUtility.UrlDecodeToBytes(field["payload=".Length..].ToArray());
            }
        }

        return [];
    }

    /// <summary>
    /// The order every receiver follows: the bridge's secret, the sender's proof (<paramref name="verify"/> returns why
    /// it fails, or null), the URL's metadata, the JSON body, then <paramref name="accept"/>.
    /// </summary>
    public static WebhookVerdict Receive(
        WebhookRequest request, SourceContext context, Func<string, string?> verify, Func<JsonNode, WebhookMetadata, WebhookVerdict> accept)
    {
        var (secret, noSecret) = Secret(context);
        if (noSecret is not null)
        {
            return noSecret;
        }

        if (verify(secret!) is { } reason)
        {
            return Unauthorized(reason);
        }

        var (meta, noPrj) = Metadata(request);
        if (noPrj is not null)
        {
            return noPrj;
        }

        var (json, malformed) = Json(request);
        return malformed ?? accept(json!, meta!);
    }

    public static WebhookVerdict Accept(IEnumerable<WebhookDocument> documents) =>
        WebhookVerdict.Accept([.. documents.GroupBy(d => d.NaturalId).Select(g => g.Last().ToRecord())]);
}

/// <summary>Small readers over <see cref="JsonNode"/> that never throw on a missing or odd-typed field.</summary>
public static class JsonRead
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node;
    }

    public static string? Text(this JsonNode? node, params string[] path) =>
        node.At(path) switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        };

    public static DateTimeOffset? Time(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : DateTimeOffset.TryParse(node.Text(path), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static int Count(this JsonNode? node, params string[] path) => node.At(path) is JsonArray a ? a.Count : 0;

    public static JsonNode? Copy(this JsonNode? node, params string[] path) => node.At(path)?.DeepClone();
}

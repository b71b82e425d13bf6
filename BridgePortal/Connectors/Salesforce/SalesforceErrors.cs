using System.Text.Json.Nodes;
using Refit;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>What Salesforce's error answers say: an expired session, and its error list (<c>[{message, errorCode}]</c>).</summary>
public static class SalesforceErrors
{
    public static bool IsInvalidSession(IApiResponse response) =>
        response.StatusCode == System.Net.HttpStatusCode.Unauthorized
        && ((response.Error as ApiException)?.Content is not { } body || body.Contains("INVALID_SESSION_ID", StringComparison.Ordinal) || body.Trim().Length == 0);

    /// <summary>Salesforce's error list (<c>[{message, errorCode}]</c>) as "CODE: message; …", else the body itself, shortened.</summary>
    public static string ErrorText(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no detail)";
        }

        try
        {
            if (JsonNode.Parse(body) is JsonArray errors && errors.Count > 0)
            {
                return string.Join("; ", errors.OfType<JsonObject>().Select(e =>
                    $"{(string?)e["errorCode"] ?? (string?)e["statusCode"] ?? "ERROR"}: {(string?)e["message"]}"));
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
        }

        body = body.Trim();
        return body.Length > 300 ? body[..300] + "…" : body;
    }

    /// <summary>The first errorCode of a Salesforce error list, if any.</summary>
    public static string? ErrorCode(string? body)
    {
        try
        {
            return body is not null && JsonNode.Parse(body) is JsonArray { Count: > 0 } errors && errors[0] is JsonObject first ? (string?)first["errorCode"] : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

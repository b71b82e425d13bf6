using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.Salesforce;

// The OAuth 2.0 token endpoint: the username-password flow (password + security token) and the client credentials flow.
public sealed partial class FakeSalesforce
{
    private async Task<IResult> TokenAsync(HttpContext http)
    {
        requestLog.Enqueue("POST /services/oauth2/token");
        Interlocked.Increment(ref tokenRequests);
        if (!http.Request.HasFormContentType)
        {
            return OAuthError("invalid_request", "must use Content-Type: application/x-www-form-urlencoded");
        }

        var form = await http.Request.ReadFormAsync();
        var grant = form["grant_type"].ToString();
        var clientOk = form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
        switch (grant)
        {
            case "password":
                if (!clientOk || form["username"] != Username || form["password"] != Password + SecurityToken)
                {
                    return OAuthError("invalid_grant", "authentication failure");
                }

                break;
            case "client_credentials":
                if (!clientOk)
                {
                    return OAuthError("invalid_grant", "authentication failure");
                }

                if (!ClientCredentialsEnabled)
                {
                    return OAuthError("invalid_grant", "no client credentials user enabled");
                }

                break;
            default:
                return OAuthError("unsupported_grant_type", "grant type not supported");
        }

        var token = $"{OrgId}!{Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))}";
        lock (gate)
        {
            sessions.Add(token);
        }

        var instance = BaseAddress.ToString().TrimEnd('/');
        return Results.Json(new JsonObject
        {
            ["access_token"] = token,
            ["instance_url"] = instance,
            ["id"] = $"{instance}/id/{OrgId}/{UserId}",
            ["token_type"] = "Bearer",
            ["issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["signature"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
    }

    private static IResult OAuthError(string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: 400);
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.Salesforce;

// `GET /limits`, the bearer-session check every REST call passes first, and the daily-limit header.
public sealed partial class FakeSalesforce
{
    private IResult Limits(HttpContext http, string version)
    {
        requestLog.Enqueue($"GET {http.Request.Path}");
        if (Refusal(http, version) is { } refusal)
        {
            return refusal;
        }

        var used = Interlocked.Increment(ref apiCalls);
        LimitHeader(http, used);
        return Results.Json(new JsonObject
        {
            ["DailyApiRequests"] = new JsonObject { ["Max"] = DailyApiMax, ["Remaining"] = DailyApiMax - used },
            ["DailyBulkApiBatches"] = new JsonObject { ["Max"] = 15000, ["Remaining"] = 15000 },
            ["DataStorageMB"] = new JsonObject { ["Max"] = 5, ["Remaining"] = 5 },
        });
    }

    private IResult? Refusal(HttpContext http, string version)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        bool valid;
        lock (gate)
        {
            valid = token is not null && sessions.Contains(token);
        }

        if (!valid)
        {
            Interlocked.Increment(ref sessionRejections);
            return Errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }

        return version == ApiVersion ? null : Errors(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private void LimitHeader(HttpContext http, int used) => http.Response.Headers["Sforce-Limit-Info"] = $"api-usage={used}/{DailyApiMax}";
}

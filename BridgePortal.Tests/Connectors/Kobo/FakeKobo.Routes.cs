using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.Kobo;

// The request router: the paths KPI v2 answers, its token check, the asset list and the asset description.
public sealed partial class FakeKobo
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requestLog.Enqueue($"{request.Method} {request.PathBase}{request.Path}{request.QueryString}");
        var segments = (request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isApi = segments.Length >= 2 && segments[0] == "api" && segments[1] == "v2";
        var isData = isApi && segments.Length == 5 && segments[2] == "assets" && segments[4] == "data";
        if (isData)
        {
            Interlocked.Increment(ref dataRequests);
        }

        if (!isApi)
        {
            await WriteAsync(context, 404, "{\"detail\":\"Not found.\"}");
            return;
        }

        if (!Authorized(request))
        {
            await WriteAsync(context, 401, "{\"detail\":\"Invalid token.\"}");
            return;
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            await WriteAsync(context, 405, $"{{\"detail\":\"Method \\\"{request.Method}\\\" not allowed.\"}}");
            return;
        }

        switch (segments.Length)
        {
            case 3 when segments[2] == "assets":
                await WriteAsync(context, 200, AssetList(context).ToJsonString());
                return;
            case 4 when segments[2] == "assets":
                JsonObject? asset;
                lock (gate)
                {
                    asset = Find(segments[3]) is { } a ? Describe(a, context) : null;
                }

                await WriteAsync(context, asset is null ? 404 : 200, asset?.ToJsonString() ?? "{\"detail\":\"Not found.\"}");
                return;
            case 5 when isData:
                await DataAsync(context, segments[3]);
                return;
            default:
                await WriteAsync(context, 404, "{\"detail\":\"Not found.\"}");
                return;
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Token ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = System.Text.Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        var expected = System.Text.Encoding.UTF8.GetBytes(Token);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private JsonObject AssetList(HttpContext context)
    {
        var limit = PositiveInt(context.Request.Query["limit"]) ?? DefaultAssetPageSize;
        var offset = NonNegativeInt(context.Request.Query["offset"]) ?? 0;
        lock (gate)
        {
            var page = assets.Skip(offset).Take(limit).Select(a => (JsonNode?)Describe(a, context)).ToArray();
            return Page(context, assets.Count, offset, limit, "offset", page);
        }
    }

    private JsonObject Describe(Asset asset, HttpContext context)
    {
        var root = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/api/v2/assets/{asset.Uid}/";
        return new JsonObject
        {
            ["url"] = root,
            ["uid"] = asset.Uid,
            ["name"] = asset.Name,
            ["asset_type"] = "survey",
            ["has_deployment"] = true,
            ["deployment__active"] = asset.Deployed,
            ["deployment__submission_count"] = asset.Submissions.Count,
            ["date_modified"] = asset.Modified.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            ["data"] = root + "data/",
        };
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}

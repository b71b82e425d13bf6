using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.GitHub;

// The commit and issue lists: `since` filtering, `per_page`/`page` paging and the `Link` header.
public sealed partial class FakeGitHub
{
    private List<JsonObject> Commits(HttpRequest request)
    {
        var since = Since(request);
        var branch = request.Query["sha"].ToString();
        lock (gate)
        {
            return [.. commits
                .Where(c => branch is "" or "main")
                .Where(c => since is null || DateTimeOffset.Parse(c["commit"]!["author"]!["date"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since)
                .OrderByDescending(c => c["commit"]!["author"]!["date"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(c => (JsonObject)c.DeepClone())];
        }
    }

    private List<JsonObject> Issues(HttpRequest request)
    {
        var since = Since(request);
        var state = request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
        lock (gate)
        {
            return [.. issues
                .Where(i => state == "all" || i["state"]!.GetValue<string>() == state)
                .Where(i => since is null || DateTimeOffset.Parse(i["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since)
                .OrderByDescending(i => i["created_at"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(i => (JsonObject)i.DeepClone())];
        }
    }

    private static DateTimeOffset? Since(HttpRequest request) =>
        DateTimeOffset.TryParse(request.Query["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) ? since : null;

    private async Task ListAsync(HttpContext context, string list, List<JsonObject> items)
    {
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var query = context.Request.Query;
        var perPage = int.TryParse(query["per_page"], out var p) && p > 0 ? Math.Min(p, 100) : 30;
        var page = int.TryParse(query["page"], out var n) && n > 0 ? n : 1;
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var links = new List<string>();
        string Link(int target, string rel)
        {
            var parameters = query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={target}");
            return $"<{BaseAddress}repositories/{RepositoryId}/{list}?{string.Join('&', parameters)}>; rel=\"{rel}\"";
        }

        if (page > 1)
        {
            links.Add(Link(page - 1, "prev"));
        }

        if (page < last)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(last, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(1, "first"));
        }

        if (links.Count > 0)
        {
            context.Response.Headers["Link"] = string.Join(", ", links);
        }

        var body = new JsonArray([.. items.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode?)i)]);
        await WriteAsync(context, 200, body.ToJsonString().Replace("{api}", BaseAddress.ToString(), StringComparison.Ordinal));
    }
}

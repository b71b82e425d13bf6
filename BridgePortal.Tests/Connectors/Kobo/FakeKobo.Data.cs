using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BridgePortal.Tests.Connectors.Kobo;

// The submissions endpoint: injected delay and failures, paging with limit/start and absolute next/previous links,
// field projection.
public sealed partial class FakeKobo
{
    private async Task DataAsync(HttpContext context, string uid)
    {
        bool known;
        lock (gate)
        {
            known = Find(uid) is not null;
        }

        if (!known)
        {
            await WriteAsync(context, 404, "{\"detail\":\"Not found.\"}");
            return;
        }

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

        if (TryTakeFailure())
        {
            await WriteAsync(context, FailStatus, FailBody);
            return;
        }

        var query = context.Request.Query;
        Func<JsonObject, bool> filter;
        Comparison<JsonObject> order;
        string[]? fields;
        try
        {
            filter = Filter(query["query"]);
            order = Order(query["sort"]);
            fields = query["fields"] is { Count: > 0 } f && !string.IsNullOrWhiteSpace(f.ToString())
                ? JsonSerializer.Deserialize<string[]>(f.ToString())
                : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            await WriteAsync(context, 400, new JsonObject { ["detail"] = e.Message }.ToJsonString());
            return;
        }

        var limit = Math.Min(PositiveInt(query["limit"]) ?? DefaultPageSize, MaxPageSize);
        var start = NonNegativeInt(query["start"]) ?? 0;
        JsonObject page;
        lock (gate)
        {
            var matching = Find(uid)!.Submissions.Where(filter).ToList();
            matching.Sort(order);
            var results = matching.Skip(start).Take(limit).Select(s => (JsonNode?)Project(s, fields)).ToArray();
            page = Page(context, matching.Count, start, limit, "start", results);
        }

        await WriteAsync(context, 200, page.ToJsonString());
    }

    private bool TryTakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref failNextDataRequests);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref failNextDataRequests, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private static JsonObject Project(JsonObject submission, string[]? fields)
    {
        if (fields is null)
        {
            return (JsonObject)submission.DeepClone();
        }

        var projected = new JsonObject();
        foreach (var field in fields)
        {
            if (submission.TryGetPropertyValue(field, out var value))
            {
                projected[field] = value?.DeepClone();
            }
        }

        return projected;
    }

    private static JsonObject Page(HttpContext context, int count, int offset, int limit, string offsetName, JsonNode?[] results)
    {
        var next = offset + limit < count ? Link(context, offsetName, offset + limit, limit) : null;
        var previous = offset > 0 ? Link(context, offsetName, Math.Max(0, offset - limit), limit) : null;
        return new JsonObject
        {
            ["count"] = count,
            ["next"] = next,
            ["previous"] = previous,
            ["results"] = new JsonArray(results),
        };
    }

    private static string Link(HttpContext context, string offsetName, int offset, int limit)
    {
        var request = context.Request;
        var parameters = request.Query
            .Where(p => p.Key != offsetName && p.Key != "limit")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("limit", limit.ToString(CultureInfo.InvariantCulture)))
            .Append(new KeyValuePair<string, string?>(offsetName, offset.ToString(CultureInfo.InvariantCulture)));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{QueryString.Create(parameters)}";
    }

    private static int? PositiveInt(StringValues value) =>
        int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static int? NonNegativeInt(StringValues value) =>
        int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;
}

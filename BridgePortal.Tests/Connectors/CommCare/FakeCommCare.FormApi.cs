using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.CommCare;

// The Form API v0.5 list: limit/offset paging and the xmlns filter.
public sealed partial class FakeCommCare
{
    private IResult ListForms(HttpContext http, string domain)
    {
        if (Refusal(http, domain) is { } refusal)
        {
            return refusal;
        }

        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 20;
        var offset = int.TryParse(query["offset"], out var o) ? Math.Max(0, o) : 0;
        var xmlns = query["xmlns"].FirstOrDefault();
        var matching = forms.Where(f => xmlns is null || f["form"]?["@xmlns"]?.GetValue<string>() == xmlns).ToList();
        var page = matching.Skip(offset).Take(limit).Select(f => f.DeepClone()).ToArray();
        var next = offset + limit < matching.Count
            ? string.Create(CultureInfo.InvariantCulture, $"?limit={limit}&offset={offset + limit}{(xmlns is null ? "" : "&xmlns=" + Uri.EscapeDataString(xmlns))}")
            : null;
        return Results.Json(new JsonObject
        {
            ["meta"] = new JsonObject { ["limit"] = limit, ["offset"] = offset, ["total_count"] = matching.Count, ["next"] = next, ["previous"] = null },
            ["objects"] = new JsonArray(page),
        });
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.Salesforce;

// The sObject Collections upsert: at most 200 records a call, created vs updated by external id, per-record errors.
public sealed partial class FakeSalesforce
{
    private async Task<IResult> UpsertAsync(HttpContext http, string version, string sobject, string externalIdField)
    {
        requestLog.Enqueue($"PATCH {http.Request.Path}");
        if (Refusal(http, version) is { } refusal)
        {
            return refusal;
        }

        var used = Interlocked.Increment(ref apiCalls);
        LimitHeader(http, used);
        lock (gate)
        {
            if (failCount > 0)
            {
                failCount--;
                return Results.Content(failBody, "application/json", statusCode: failStatus);
            }
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
        }
        catch (JsonException e)
        {
            return Errors(400, "JSON_PARSER_ERROR", $"The request body is not valid JSON: {e.Message}");
        }

        if (body is not JsonObject request || request["records"] is not JsonArray records)
        {
            return Errors(400, "INVALID_FIELD", "The body must be {\"allOrNone\": …, \"records\": […]}.");
        }

        if (records.Count > 200)
        {
            return Errors(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
        }

        var allOrNone = request["allOrNone"] is JsonValue a && a.TryGetValue<bool>(out var all) && all;
        var results = new JsonArray();
        lock (gate)
        {
            var table = tables.TryGetValue(sobject, out var t) ? t : tables[sobject] = new Dictionary<string, FakeSObject>(StringComparer.OrdinalIgnoreCase);
            var keys = records.Select(r => (r as JsonObject)?[externalIdField] is JsonValue v ? v.ToString() : null).ToList();
            var duplicates = keys.OfType<string>().GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var planned = new List<(string? Error, string? Code, string[] Fields, string Key, JsonObject Values)>();
            for (var i = 0; i < records.Count; i++)
            {
                planned.Add(Check(records[i] as JsonObject, sobject, externalIdField, keys[i], duplicates, table));
            }

            var failed = planned.Any(p => p.Error is not null);
            foreach (var p in planned)
            {
                if (p.Error is not null || (allOrNone && failed))
                {
                    var code = p.Code ?? "ALL_OR_NONE_OPERATION_ROLLED_BACK";
                    var message = p.Error ?? "Record rolled back because not all records were valid and the request was using AllOrNone header";
                    results.Add(new JsonObject
                    {
                        ["success"] = false,
                        ["errors"] = new JsonArray(new JsonObject { ["statusCode"] = code, ["message"] = message, ["fields"] = new JsonArray([.. p.Fields.Select(f => (JsonNode)f)]) }),
                    });
                    continue;
                }

                var isNew = !table.TryGetValue(p.Key, out var existing);
                if (isNew)
                {
                    existing = new FakeSObject($"a0{sobject[0]}5e{++idCounter:D11}AAA", sobject, new JsonObject());
                    table[p.Key] = existing;
                    created++;
                }
                else
                {
                    updated++;
                }

                foreach (var (field, value) in p.Values)
                {
                    existing!.Fields[field] = value?.DeepClone();
                }

                results.Add(new JsonObject { ["id"] = existing!.Id, ["success"] = true, ["errors"] = new JsonArray(), ["created"] = isNew });
            }
        }

        callSizes.Enqueue(records.Count);
        var calls = Interlocked.Increment(ref upsertCalls);
        if (calls == Volatile.Read(ref expireAfterCalls))
        {
            ExpireSessions();
        }

        return Results.Json(results);
    }

    private static IResult Errors(int status, string code, string message) =>
        Results.Json(new JsonArray(new JsonObject { ["message"] = message, ["errorCode"] = code }), statusCode: status);
}

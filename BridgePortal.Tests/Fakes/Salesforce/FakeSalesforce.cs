using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Fakes;

/// <summary>One record the fake org holds: its Salesforce id and its fields (lookups resolved to parent ids).</summary>
public sealed record FakeSObject(string Id, string Object, JsonObject Fields)
{
    public string? this[string field] => Fields[field] is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
}

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a Salesforce org: the OAuth token endpoint (username-password with
/// security token, and client credentials; anything wrong → 400 <c>invalid_grant</c>), <c>GET /limits</c>, and the
/// sObject Collections upsert <c>PATCH /services/data/{v}/composite/sobjects/{Object}/{ExtIdField}</c> with in-memory
/// tables keyed by external id (created vs updated), <c>X__r: {ExtField: value}</c> lookups resolved to existing parents,
/// required fields and validation rules failing their record only, at most 200 records per call, bearer sessions that
/// can be expired (→ 401 <c>INVALID_SESSION_ID</c>) and the <c>Sforce-Limit-Info</c> header.
/// </summary>
public sealed class FakeSalesforce : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, FakeSObject>> tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> sessions = [];
    private readonly List<(string Object, string Field, string Value, string Message)> rules = [];
    private readonly List<(string Object, string Field)> required = [];
    private readonly ConcurrentQueue<int> callSizes = new();
    private readonly ConcurrentQueue<string> requestLog = new();
    private WebApplication app = default!;
    private int idCounter;
    private int tokenRequests;
    private int upsertCalls;
    private int apiCalls;
    private int sessionRejections;
    private int created;
    private int updated;
    private int expireAfterCalls = -1;
    private int failCount;
    private int failStatus = 503;
    private string failBody = "[{\"message\":\"Service unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]";

    public string ClientId { get; init; } = "3MVG9fake.consumer.key";

    public string ClientSecret { get; set; } = "fake-consumer-secret-0123456789";

    public string Username { get; init; } = "integration@coffee-programme.org";

    public string Password { get; set; } = "Pa55word!";

    public string SecurityToken { get; set; } = "sEcUr1tYt0k3n";

    public string OrgId { get; init; } = "00D5e000000FAKEEAA";

    public string UserId { get; init; } = "0055e000001FAKEAAA";

    public string ApiVersion { get; init; } = "v62.0";

    public int DailyApiMax { get; init; } = 15000;

    /// <summary>Whether the connected app allows the client credentials flow (with a run-as user).</summary>
    public bool ClientCredentialsEnabled { get; set; } = true;

    /// <summary>Where the fake listens (login host and instance URL alike), ending in '/'.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>sObject Collections upsert calls answered 200.</summary>
    public int UpsertCalls => Volatile.Read(ref upsertCalls);

    /// <summary>REST calls that passed the session check (they count towards the daily limit).</summary>
    public int ApiCalls => Volatile.Read(ref apiCalls);

    /// <summary>Calls answered 401 INVALID_SESSION_ID.</summary>
    public int SessionRejections => Volatile.Read(ref sessionRejections);

    public int Created => Volatile.Read(ref created);

    public int Updated => Volatile.Read(ref updated);

    /// <summary>Record count of every upsert call answered 200, in order.</summary>
    public IReadOnlyList<int> CallSizes => [.. callSizes];

    public IReadOnlyList<string> RequestLog => [.. requestLog];

    public static async Task<FakeSalesforce> StartAsync()
    {
        var fake = new FakeSalesforce();
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/services/oauth2/token", (Func<HttpContext, Task<IResult>>)fake.TokenAsync);
            app.MapGet("/services/data/{version}/limits", fake.Limits);
            app.MapMethods("/services/data/{version}/composite/sobjects/{sobject}/{externalIdField}", ["PATCH"], fake.UpsertAsync);
        });
        return fake;
    }

    /// <summary>The records of <paramref name="sobject"/>.</summary>
    public IReadOnlyList<FakeSObject> Records(string sobject)
    {
        lock (gate)
        {
            return tables.TryGetValue(sobject, out var table) ? [.. table.Values] : [];
        }
    }

    public FakeSObject? Find(string sobject, string externalId)
    {
        lock (gate)
        {
            return tables.TryGetValue(sobject, out var table) ? table.GetValueOrDefault(externalId) : null;
        }
    }

    /// <summary>A validation rule: a record of <paramref name="sobject"/> whose <paramref name="field"/> is <paramref name="value"/> fails with FIELD_CUSTOM_VALIDATION_EXCEPTION.</summary>
    public void AddValidationRule(string sobject, string field, string value, string message)
    {
        lock (gate)
        {
            rules.Add((sobject, field, value, message));
        }
    }

    /// <summary>A new record of <paramref name="sobject"/> without <paramref name="field"/> fails with REQUIRED_FIELD_MISSING.</summary>
    public void RequireField(string sobject, string field)
    {
        lock (gate)
        {
            required.Add((sobject, field));
        }
    }

    /// <summary>Every session issued so far is now invalid: the next call with one answers 401 INVALID_SESSION_ID.</summary>
    public void ExpireSessions()
    {
        lock (gate)
        {
            sessions.Clear();
        }
    }

    /// <summary>Expires every session once <paramref name="calls"/> more upsert calls have been answered.</summary>
    public void ExpireSessionsAfterUpserts(int calls) => Volatile.Write(ref expireAfterCalls, UpsertCalls + calls);

    /// <summary>The next <paramref name="count"/> upsert calls (with a valid session) answer <paramref name="status"/> and change nothing.</summary>
    public void FailNext(int count, int status = 503, string? body = null)
    {
        lock (gate)
        {
            failCount = count;
            failStatus = status;
            failBody = body ?? failBody;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

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

    /// <summary>Checks one record (under the lock); returns its error, or the fields to write with lookups resolved.</summary>
    private (string? Error, string? Code, string[] Fields, string Key, JsonObject Values) Check(
        JsonObject? record, string sobject, string externalIdField, string? key, HashSet<string> duplicates, Dictionary<string, FakeSObject> table)
    {
        if (record is null)
        {
            return ("Each record must be a JSON object", "INVALID_FIELD", [], "", []);
        }

        if ((record["attributes"] as JsonObject)?["type"]?.ToString() is not { } type)
        {
            return ("Must send a concrete entity type.", "INVALID_TYPE", [], "", []);
        }

        if (!string.Equals(type, sobject, StringComparison.OrdinalIgnoreCase))
        {
            return ($"Record type {type} does not match the URL's sObject {sobject}", "INVALID_TYPE", [], "", []);
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return ($"{externalIdField} not specified", "MISSING_ARGUMENT", [externalIdField], "", []);
        }

        if (duplicates.Contains(key))
        {
            return ($"Duplicate external id specified: {key}", "DUPLICATE_VALUE", [externalIdField], key, []);
        }

        var values = new JsonObject();
        foreach (var (field, value) in record)
        {
            if (field == "attributes")
            {
                continue;
            }

            if (value is JsonObject lookup)
            {
                var (keyField, keyValue) = lookup.Where(p => p.Key != "attributes").Select(p => (p.Key, p.Value?.ToString())).FirstOrDefault();
                var parent = tables.Values.SelectMany(t => t.Values).FirstOrDefault(r => string.Equals(r[keyField], keyValue, StringComparison.OrdinalIgnoreCase));
                if (parent is null)
                {
                    var entity = (lookup["attributes"] as JsonObject)?["type"]?.ToString() ?? field;
                    return ($"Foreign key external ID: {keyValue} not found for field {keyField} in entity {entity}", "INVALID_FIELD", [], key, []);
                }

                values[field.EndsWith("__r", StringComparison.Ordinal) ? field[..^3] + "__c" : field + "Id"] = parent.Id;
                continue;
            }

            values[field] = value?.DeepClone();
        }

        foreach (var rule in rules.Where(r => string.Equals(r.Object, sobject, StringComparison.OrdinalIgnoreCase)))
        {
            if (values[rule.Field] is JsonValue v && v.ToString() == rule.Value)
            {
                return (rule.Message, "FIELD_CUSTOM_VALIDATION_EXCEPTION", [], key, []);
            }
        }

        if (!table.ContainsKey(key))
        {
            var missing = required.Where(r => string.Equals(r.Object, sobject, StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(values[r.Field]?.ToString()))
                .Select(r => r.Field).ToArray();
            if (missing.Length > 0)
            {
                return ($"Required fields are missing: [{string.Join(", ", missing)}]", "REQUIRED_FIELD_MISSING", missing, key, []);
            }
        }

        return (null, null, [], key, values);
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

    private static IResult Errors(int status, string code, string message) =>
        Results.Json(new JsonArray(new JsonObject { ["message"] = message, ["errorCode"] = code }), statusCode: status);

    private static IResult OAuthError(string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: 400);
}

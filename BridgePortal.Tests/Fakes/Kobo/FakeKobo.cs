using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace BridgePortal.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a KoboToolbox KPI v2 server: token auth, the project
/// list (<c>/api/v2/assets/</c>, limit/offset) and the submissions endpoint (<c>/api/v2/assets/{uid}/data/</c>,
/// limit/start, Mongo-style <c>query</c> with <c>$gt</c>/<c>$gte</c>/<c>$lt</c>/<c>$lte</c>/<c>$eq</c>/<c>$ne</c>/<c>$in</c>,
/// <c>sort</c>, <c>fields</c>), both with absolute <c>next</c>/<c>previous</c> links. Thread-safe: tests may add
/// or edit submissions while the app polls.
/// </summary>
public sealed class FakeKobo : IAsyncDisposable
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss";

    private WebApplication app = default!;
    private readonly Lock gate = new();
    private readonly List<Asset> assets = [];
    private readonly ConcurrentQueue<string> requestLog = new();
    private long lastId;
    private int dataRequests;
    private int failNextDataRequests;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The API token every <c>/api/v2</c> call must carry as <c>Authorization: Token &lt;token&gt;</c>.</summary>
    public string Token { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The server's cap on <c>limit</c> for the data endpoint (a larger limit is silently capped).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The page size of the data endpoint when the request gives no (valid) <c>limit</c>.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The page size of the asset list when the request gives no (valid) <c>limit</c>.</summary>
    public int DefaultAssetPageSize { get; set; } = 100;

    /// <summary>Delay before answering a data request (lets a test stop a poll midway).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The next this-many data requests answer <see cref="FailStatus"/> with <see cref="FailBody"/>.</summary>
    public int FailNextDataRequests
    {
        get => Volatile.Read(ref failNextDataRequests);
        set => Volatile.Write(ref failNextDataRequests, value);
    }

    public int FailStatus { get; set; } = 500;

    public string FailBody { get; set; } = "{\"detail\":\"A server error occurred.\"}";

    /// <summary>Method, path and query of every request, in arrival order (e.g. <c>GET /api/v2/assets/?format=json</c>).</summary>
    public IReadOnlyList<string> RequestLog => [.. requestLog];

    /// <summary>How many requests reached the data endpoint (including failed and unauthorised ones).</summary>
    public int DataRequests => Volatile.Read(ref dataRequests);

    public static async Task<FakeKobo> StartAsync()
    {
        var fake = new FakeKobo();
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Adds a survey project (asset). Adding an existing uid renames it and sets its deployment state.</summary>
    public void AddAsset(string uid, string name, bool deployed = true)
    {
        lock (gate)
        {
            if (assets.Find(a => a.Uid == uid) is { } existing)
            {
                existing.Name = name;
                existing.Deployed = deployed;
                existing.Modified = DateTime.UtcNow;
                return;
            }

            assets.Add(new Asset(uid) { Name = name, Deployed = deployed, Modified = DateTime.UtcNow });
        }
    }

    /// <summary>
    /// Adds a submission to project <paramref name="uid"/> with the form's own <paramref name="fields"/> and Kobo's
    /// metadata (<c>_id</c> from a global counter, <c>_uuid</c>, <c>_submission_time</c>, <c>meta/instanceID</c>, …).
    /// Returns a copy of the stored submission.
    /// </summary>
    public JsonObject AddSubmission(string uid, JsonObject fields, DateTime? submissionTime = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var time = submissionTime ?? DateTime.UtcNow;
        time = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        var submission = (JsonObject)fields.DeepClone();
        lock (gate)
        {
            var asset = Find(uid) ?? throw new ArgumentException($"no asset '{uid}' in the fake Kobo; call AddAsset first", nameof(uid));
            var id = ++lastId;
            var uuid = Guid.NewGuid().ToString("D");
            submission["__version__"] = "v1";
            submission["meta/instanceID"] = "uuid:" + uuid;
            submission["meta/rootUuid"] = "uuid:" + uuid;
            submission["_xform_id_string"] = uid;
            submission["_uuid"] = uuid;
            submission["_attachments"] = new JsonArray();
            submission["_status"] = "submitted_via_web";
            submission["_geolocation"] = new JsonArray(null, null);
            submission["_submission_time"] = time.ToString(TimeFormat, CultureInfo.InvariantCulture);
            submission["_tags"] = new JsonArray();
            submission["_notes"] = new JsonArray();
            submission["_validation_status"] = new JsonObject();
            submission["_submitted_by"] = null;
            submission["_id"] = id;
            asset.Submissions.Add(submission);
            return (JsonObject)submission.DeepClone();
        }
    }

    /// <summary>Adds <paramref name="count"/> submissions; <paramref name="fields"/> gets the 0-based index (default <c>{"n": i}</c>).</summary>
    public IReadOnlyList<JsonObject> AddSubmissions(string uid, int count, Func<int, JsonObject>? fields = null)
    {
        var added = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            added.Add(AddSubmission(uid, fields?.Invoke(i) ?? new JsonObject { ["n"] = i }));
        }

        return added;
    }

    /// <summary>
    /// Edits a stored submission as Kobo does (kpi <c>logger_tools._get_instance</c>: the same row gets the edit's XML and
    /// uuid): <c>_id</c>, <c>_submission_time</c> and <c>meta/rootUuid</c> stay; the old <c>meta/instanceID</c> becomes
    /// <c>meta/deprecatedID</c>; a new <c>meta/instanceID</c> is issued and <c>_uuid</c> becomes it; then
    /// <paramref name="edit"/> changes the content. Returns a copy of the edited submission (what the REST service sends).
    /// </summary>
    public JsonObject EditSubmission(string uid, long id, Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        lock (gate)
        {
            var asset = Find(uid) ?? throw new ArgumentException($"no asset '{uid}' in the fake Kobo", nameof(uid));
            var submission = asset.Submissions.Find(s => IdOf(s) == id) ?? throw new ArgumentException($"no submission {id} in asset '{uid}'", nameof(id));
            var kept = (submission["_submission_time"]?.DeepClone(), submission["meta/rootUuid"]?.DeepClone());
            var uuid = Guid.NewGuid().ToString("D");
            submission["meta/deprecatedID"] = submission["meta/instanceID"]?.DeepClone();
            submission["meta/instanceID"] = "uuid:" + uuid;
            edit(submission);
            submission["_id"] = id;
            submission["_uuid"] = uuid;
            (submission["_submission_time"], submission["meta/rootUuid"]) = kept;
            return (JsonObject)submission.DeepClone();
        }
    }

    /// <summary>Copies of the submissions stored for <paramref name="uid"/>, in <c>_id</c> order.</summary>
    public IReadOnlyList<JsonObject> Submissions(string uid)
    {
        lock (gate)
        {
            var asset = Find(uid) ?? throw new ArgumentException($"no asset '{uid}' in the fake Kobo", nameof(uid));
            return [.. asset.Submissions.Select(s => (JsonObject)s.DeepClone())];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static long IdOf(JsonObject submission) => submission["_id"]!.GetValue<long>();

    private Asset? Find(string uid) => assets.Find(a => a.Uid == uid);

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

    /// <summary>Builds a predicate from a Mongo-style query: <c>{"field": value}</c> or <c>{"field": {"$op": value, …}}</c>, all ANDed.</summary>
    private static Func<JsonObject, bool> Filter(StringValues raw)
    {
        var text = raw.ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return _ => true;
        }

        if (JsonNode.Parse(text) is not JsonObject query)
        {
            throw new FormatException("query must be a JSON object");
        }

        var conditions = new List<Func<JsonObject, bool>>();
        foreach (var (field, condition) in query)
        {
            if (field.StartsWith('$'))
            {
                throw new FormatException($"unsupported operator {field}");
            }

            if (condition is JsonObject ops && ops.Any(o => o.Key.StartsWith('$')))
            {
                foreach (var (op, operand) in ops)
                {
                    conditions.Add(Condition(field, op, operand?.DeepClone()));
                }
            }
            else
            {
                conditions.Add(Condition(field, "$eq", condition?.DeepClone()));
            }
        }

        return s => conditions.TrueForAll(c => c(s));
    }

    private static Func<JsonObject, bool> Condition(string field, string op, JsonNode? operand)
    {
        return op switch
        {
            "$eq" => s => JsonNode.DeepEquals(Value(s, field), operand),
            "$ne" => s => !JsonNode.DeepEquals(Value(s, field), operand),
            "$in" when operand is JsonArray list => s => list.Any(o => JsonNode.DeepEquals(Value(s, field), o)),
            "$nin" when operand is JsonArray list => s => !list.Any(o => JsonNode.DeepEquals(Value(s, field), o)),
            "$exists" => s => (s.ContainsKey(field) && s[field] is not null) == (operand?.GetValueKind() != JsonValueKind.False),
            "$gt" => s => Compare(Value(s, field), operand) is > 0,
            "$gte" => s => Compare(Value(s, field), operand) is >= 0,
            "$lt" => s => Compare(Value(s, field), operand) is < 0,
            "$lte" => s => Compare(Value(s, field), operand) is <= 0,
            _ => throw new FormatException($"unsupported operator {op} on {field}"),
        };
    }

    private static JsonNode? Value(JsonObject submission, string field) =>
        submission.TryGetPropertyValue(field, out var value) ? value : null;

    /// <summary>Orders two JSON values: numbers numerically, strings as dates when both parse, else ordinally; null when incomparable.</summary>
    private static int? Compare(JsonNode? a, JsonNode? b)
    {
        if (a is not JsonValue x || b is not JsonValue y)
        {
            return null;
        }

        if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.Parse(x.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(y.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (x.GetValueKind() == JsonValueKind.String && y.GetValueKind() == JsonValueKind.String)
        {
            var s = x.GetValue<string>();
            var t = y.GetValue<string>();
            const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
            return DateTime.TryParse(s, CultureInfo.InvariantCulture, styles, out var ds) && DateTime.TryParse(t, CultureInfo.InvariantCulture, styles, out var dt)
                ? ds.CompareTo(dt)
                : string.CompareOrdinal(s, t);
        }

        return null;
    }

    private static Comparison<JsonObject> Order(StringValues raw)
    {
        var text = raw.ToString();
        var sort = string.IsNullOrWhiteSpace(text)
            ? [("_id", 1)]
            : (JsonNode.Parse(text) as JsonObject ?? throw new FormatException("sort must be a JSON object"))
                .Select(p => (p.Key, p.Value?.GetValue<int>() < 0 ? -1 : 1))
                .ToList();
        return (a, b) =>
        {
            foreach (var (field, direction) in sort)
            {
                var c = Compare(Value(a, field), Value(b, field)) ?? 0;
                if (c != 0)
                {
                    return c * direction;
                }
            }

            return IdOf(a).CompareTo(IdOf(b));
        };
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private sealed class Asset(string uid)
    {
        public string Uid { get; } = uid;

        public string Name { get; set; } = "";

        public bool Deployed { get; set; }

        public DateTime Modified { get; set; }

        public List<JsonObject> Submissions { get; } = [];
    }
}

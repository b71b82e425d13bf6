using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;

namespace BridgePortal.Tests.Connectors.Kobo;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a KoboToolbox KPI v2 server: token auth, the project
/// list (<c>/api/v2/assets/</c>, limit/offset) and the submissions endpoint (<c>/api/v2/assets/{uid}/data/</c>,
/// limit/start, Mongo-style <c>query</c> with <c>$gt</c>/<c>$gte</c>/<c>$lt</c>/<c>$lte</c>/<c>$eq</c>/<c>$ne</c>/<c>$in</c>,
/// <c>sort</c>, <c>fields</c>), both with absolute <c>next</c>/<c>previous</c> links. Thread-safe: tests may add
/// or edit submissions while the app polls.
/// </summary>
public sealed partial class FakeKobo : IAsyncDisposable
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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static long IdOf(JsonObject submission) => submission["_id"]!.GetValue<long>();

    private Asset? Find(string uid) => assets.Find(a => a.Uid == uid);

    private sealed class Asset(string uid)
    {
        public string Uid { get; } = uid;

        public string Name { get; set; } = "";

        public bool Deployed { get; set; }

        public DateTime Modified { get; set; }

        public List<JsonObject> Submissions { get; } = [];
    }
}

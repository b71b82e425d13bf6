using System.Collections.Concurrent;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a Salesforce org: the OAuth token endpoint (username-password with
/// security token, and client credentials; anything wrong → 400 <c>invalid_grant</c>), <c>GET /limits</c>, and the
/// sObject Collections upsert <c>PATCH /services/data/{v}/composite/sobjects/{Object}/{ExtIdField}</c> with in-memory
/// tables keyed by external id (created vs updated), <c>X__r: {ExtField: value}</c> lookups resolved to existing parents,
/// required fields and validation rules failing their record only, at most 200 records per call, bearer sessions that
/// can be expired (→ 401 <c>INVALID_SESSION_ID</c>) and the <c>Sforce-Limit-Info</c> header.
/// </summary>
public sealed partial class FakeSalesforce : IAsyncDisposable
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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

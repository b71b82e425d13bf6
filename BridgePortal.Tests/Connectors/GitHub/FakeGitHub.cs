using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;

namespace BridgePortal.Tests.Connectors.GitHub;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the GitHub REST API (2022-11-28): bearer-token auth (401
/// <c>Bad credentials</c>), a User-Agent required (403 without), <c>/user</c>, <c>/rate_limit</c>, one repository with
/// <c>/repos/{owner}/{repo}</c>, <c>/commits</c> (newest first, <c>since</c> by author date, <c>sha</c> branch) and
/// <c>/issues</c> (pull requests included, <c>since</c> by update time, <c>state</c>), paged by <c>per_page</c>/<c>page</c>
/// with a <c>Link</c> header (next/last/first/prev) whose URLs name the repository by id as GitHub's do. Every answer
/// carries <c>x-ratelimit-*</c> headers; a test can make the next call hit the rate limit. Thread-safe.
/// </summary>
public sealed partial class FakeGitHub : IAsyncDisposable
{
    public const string Owner = "octo-org";
    public const string Name = "octo-repo";
    public const long RepositoryId = 1296269;
    public const string Login = "monalisa";
    public const int Limit = 5000;

    private WebApplication app = default!;
    private readonly Lock gate = new();
    private readonly List<JsonObject> commits = [];
    private readonly List<JsonObject> issues = [];
    private readonly ConcurrentQueue<string> requestLog = new();
    private int used;
    private int rateLimitNext;
    private int rateLimitSkip;
    private TimeSpan rateLimitReset;
    private bool rateLimitSecondary;

    /// <summary>The API root, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The token every call must carry as <c>Authorization: Bearer &lt;token&gt;</c> (or <c>token &lt;token&gt;</c>).</summary>
    public string Token { get; set; } = "github_pat_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>Delay before answering a list call (lets a test cancel a back-fill midway).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Method, path and query of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => [.. requestLog];

    /// <summary>Headers of every request (for checking what the client sends), in arrival order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> RequestHeaders { get; } = new();

    public static async Task<FakeGitHub> StartAsync()
    {
        var fake = new FakeGitHub();
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

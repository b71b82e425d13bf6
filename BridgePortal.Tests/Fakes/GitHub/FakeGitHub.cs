using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BridgePortal.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the GitHub REST API (2022-11-28): bearer-token auth (401
/// <c>Bad credentials</c>), a User-Agent required (403 without), <c>/user</c>, <c>/rate_limit</c>, one repository with
/// <c>/repos/{owner}/{repo}</c>, <c>/commits</c> (newest first, <c>since</c> by author date, <c>sha</c> branch) and
/// <c>/issues</c> (pull requests included, <c>since</c> by update time, <c>state</c>), paged by <c>per_page</c>/<c>page</c>
/// with a <c>Link</c> header (next/last/first/prev) whose URLs name the repository by id as GitHub's do. Every answer
/// carries <c>x-ratelimit-*</c> headers; a test can make the next call hit the rate limit. Thread-safe.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
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

    /// <summary>
    /// Adds commits <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1 with the shas, messages,
    /// authors and times of <see cref="WebhookPayloads.GitHubPush"/>'s commits (the same commits, as the REST API lists them).
    /// </summary>
    public void AddCommits(int count, int first = 0, string salt = "")
    {
        lock (gate)
        {
            for (var i = first; i < first + count; i++)
            {
                var sha = WebhookPayloads.Sha(i, salt);
                var date = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var person = new JsonObject { ["name"] = "Mona Lisa", ["email"] = "mona@example.org", ["date"] = date };
                commits.Add(new JsonObject
                {
                    ["sha"] = sha,
                    ["node_id"] = "C_" + sha[..12],
                    ["commit"] = new JsonObject
                    {
                        ["author"] = person,
                        ["committer"] = person.DeepClone(),
                        ["message"] = $"Commit {i}: compute the team's velocity",
                        ["tree"] = new JsonObject { ["sha"] = WebhookPayloads.Sha(i, "tree" + salt) },
                        ["comment_count"] = 0,
                    },
                    ["url"] = $"{{api}}repos/{Owner}/{Name}/commits/{sha}",
                    ["html_url"] = $"https://github.com/{Owner}/{Name}/commit/{sha}",
                    ["author"] = new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" },
                    ["committer"] = new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" },
                    ["parents"] = new JsonArray(),
                });
            }
        }
    }

    /// <summary>Adds an issue (or, with <paramref name="pullRequest"/>, a pull request as the issue list shows it).</summary>
    public void AddIssue(long id, int number, string title, DateTimeOffset created, DateTimeOffset? closed = null, bool pullRequest = false)
    {
        static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var issue = new JsonObject
        {
            ["id"] = id,
            ["number"] = number,
            ["title"] = title,
            ["state"] = closed is null ? "open" : "closed",
            ["html_url"] = $"https://github.com/{Owner}/{Name}/{(pullRequest ? "pull" : "issues")}/{number}",
            ["user"] = new JsonObject { ["login"] = Login },
            ["assignee"] = new JsonObject { ["login"] = "hubot" },
            ["labels"] = new JsonArray(new JsonObject { ["name"] = "bug" }),
            ["created_at"] = Time(created),
            ["updated_at"] = Time(closed ?? created.AddMinutes(30)),
            ["closed_at"] = Time(closed),
        };
        if (pullRequest)
        {
            issue["pull_request"] = new JsonObject { ["html_url"] = issue["html_url"]!.GetValue<string>(), ["merged_at"] = null };
        }

        lock (gate)
        {
            issues.Add(issue);
        }
    }

    /// <summary>
    /// After <paramref name="afterCalls"/> more API calls, one call answers as GitHub does at the limit: 403 (primary:
    /// <c>x-ratelimit-remaining: 0</c>, reset in <paramref name="resetIn"/>) or, with <paramref name="secondary"/>, 429
    /// with <c>retry-after</c>.
    /// </summary>
    public void RateLimitOneCall(TimeSpan resetIn, int afterCalls = 0, bool secondary = false)
    {
        lock (gate)
        {
            (rateLimitNext, rateLimitSkip, rateLimitReset, rateLimitSecondary) = (1, afterCalls, resetIn, secondary);
        }
    }

    /// <summary>How many calls answered 403/429 for the rate limit.</summary>
    public int RateLimited { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requestLog.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        RequestHeaders.Enqueue(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        if (string.IsNullOrEmpty(request.Headers.UserAgent))
        {
            await WriteAsync(context, 403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).", "text/plain");
            return;
        }

        if (!Authorized(request))
        {
            await ErrorAsync(context, 401, "Bad credentials");
            return;
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            await ErrorAsync(context, 404, "Not Found");
            return;
        }

        if (TakeRateLimit() is { } limited)
        {
            await RateLimitedAsync(context, limited.ResetIn, limited.Secondary);
            return;
        }

        var segments = (request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["user"])
        {
            await WriteAsync(context, 200, new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" }.ToJsonString());
            return;
        }

        if (segments is ["rate_limit"])
        {
            var core = new JsonObject { ["limit"] = Limit, ["remaining"] = Limit - used, ["reset"] = Reset(TimeSpan.FromHours(1)), ["used"] = used };
            await WriteAsync(context, 200, new JsonObject { ["resources"] = new JsonObject { ["core"] = core }, ["rate"] = core.DeepClone() }.ToJsonString());
            return;
        }

        // /repos/{owner}/{repo}[/list] or /repositories/{id}[/list], as GitHub's Link headers name it.
        var (known, rest) = segments switch
        {
            ["repos", var owner, var name, .. var tail] => (string.Equals(owner, Owner, StringComparison.OrdinalIgnoreCase) && string.Equals(name, Name, StringComparison.OrdinalIgnoreCase), tail),
            ["repositories", var id, .. var tail] => (id == RepositoryId.ToString(CultureInfo.InvariantCulture), tail),
            _ => (false, Array.Empty<string>()),
        };
        if (!known)
        {
            await ErrorAsync(context, 404, "Not Found");
            return;
        }

        switch (rest)
        {
            case []:
                await WriteAsync(context, 200, new JsonObject
                {
                    ["id"] = RepositoryId,
                    ["name"] = Name,
                    ["full_name"] = $"{Owner}/{Name}",
                    ["private"] = false,
                    ["default_branch"] = "main",
                }.ToJsonString());
                return;
            case ["commits"]:
                await ListAsync(context, "commits", Commits(request));
                return;
            case ["issues"]:
                await ListAsync(context, "issues", Issues(request));
                return;
            default:
                await ErrorAsync(context, 404, "Not Found");
                return;
        }
    }

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

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..]
            : header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..]
            : null;
        return token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token.Trim()), Encoding.UTF8.GetBytes(Token));
    }

    private (TimeSpan ResetIn, bool Secondary)? TakeRateLimit()
    {
        lock (gate)
        {
            if (rateLimitNext == 0)
            {
                return null;
            }

            if (rateLimitSkip > 0)
            {
                rateLimitSkip--;
                return null;
            }

            rateLimitNext--;
            RateLimited++;
            return (rateLimitReset, rateLimitSecondary);
        }
    }

    private async Task RateLimitedAsync(HttpContext context, TimeSpan resetIn, bool secondary)
    {
        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = "core";
        if (secondary)
        {
            headers["x-ratelimit-remaining"] = (Limit - used).ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset"] = Reset(TimeSpan.FromHours(1)).ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-used"] = used.ToString(CultureInfo.InvariantCulture);
            headers["retry-after"] = ((int)Math.Ceiling(resetIn.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await ErrorAsync(context, 429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", setRateHeaders: false);
            return;
        }

        headers["x-ratelimit-remaining"] = "0";
        headers["x-ratelimit-reset"] = Reset(resetIn).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = Limit.ToString(CultureInfo.InvariantCulture);
        await ErrorAsync(context, 403, "API rate limit exceeded for user ID 1.", setRateHeaders: false);
    }

    private static long Reset(TimeSpan from) => (long)Math.Ceiling((DateTimeOffset.UtcNow + from).ToUnixTimeMilliseconds() / 1000.0);

    private Task ErrorAsync(HttpContext context, int status, string message, bool setRateHeaders = true) =>
        WriteAsync(context, status, new JsonObject
        {
            ["message"] = message,
            ["documentation_url"] = "https://docs.github.com/rest",
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        }.ToJsonString(), setRateHeaders: setRateHeaders);

    private async Task WriteAsync(HttpContext context, int status, string body, string contentType = "application/json; charset=utf-8", bool setRateHeaders = true)
    {
        if (setRateHeaders && status != 401)
        {
            var count = Interlocked.Increment(ref used);
            var headers = context.Response.Headers;
            headers["x-ratelimit-limit"] = Limit.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-remaining"] = Math.Max(0, Limit - count).ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-reset"] = Reset(TimeSpan.FromHours(1)).ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-used"] = count.ToString(CultureInfo.InvariantCulture);
            headers["x-ratelimit-resource"] = "core";
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }
}

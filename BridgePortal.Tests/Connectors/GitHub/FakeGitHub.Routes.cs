using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.GitHub;

// The request router: auth, the repository paths it answers, GitHub's error bodies and the rate-limit headers on its answers.
public sealed partial class FakeGitHub
{
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

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..]
            : header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..]
            : null;
        return token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token.Trim()), Encoding.UTF8.GetBytes(Token));
    }

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

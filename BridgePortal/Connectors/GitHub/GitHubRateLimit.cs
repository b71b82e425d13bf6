using System.Globalization;
using System.Net;
using Refit;

namespace BridgePortal.Connectors.GitHub;

/// <summary>
/// GitHub's rate limits as its headers tell them: a 403/429 with <c>retry-after</c> (secondary limit) or with
/// <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c> (epoch seconds; primary limit) asks the caller to wait.
/// A 403 without them is a real refusal.
/// </summary>
public static class GitHubRateLimit
{
    /// <summary>GitHub's advice when a secondary limit names no time: wait at least a minute.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);

    /// <summary>How long to wait before trying this call again, or null when the response is not a rate limit.</summary>
    public static TimeSpan? WaitAfter(IApiResponse response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        if (GitHubClientFactory.Header(response, "retry-after") is { } retry && int.TryParse(retry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(1, seconds));
        }

        if (GitHubClientFactory.Header(response, "x-ratelimit-remaining") == "0")
        {
            return UntilReset(response, now) ?? DefaultWait;
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests ? DefaultWait : null;
    }

    /// <summary>After a successful call that used the last request of the window: how long until the window resets.</summary>
    public static TimeSpan? WaitBeforeNext(IApiResponse response, DateTimeOffset now) =>
        GitHubClientFactory.Header(response, "x-ratelimit-remaining") == "0" ? UntilReset(response, now) : null;

    public static int? Remaining(IApiResponse response) =>
        int.TryParse(GitHubClientFactory.Header(response, "x-ratelimit-remaining"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    // The reset is in whole seconds: one more second keeps the retry from landing just before it.
    private static TimeSpan? UntilReset(IApiResponse response, DateTimeOffset now) =>
        long.TryParse(GitHubClientFactory.Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
            ? TimeSpan.FromSeconds(Math.Max(1, reset - now.ToUnixTimeSeconds() + 1))
            : null;
}

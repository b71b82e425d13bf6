using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.GitHub;

// GitHub's primary (403, remaining 0) and secondary (429, retry-after) rate limits, injected one call at a time.
public sealed partial class FakeGitHub
{
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
}

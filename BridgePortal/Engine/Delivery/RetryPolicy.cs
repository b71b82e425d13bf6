namespace BridgePortal.Engine;

/// <summary>
/// Exponential backoff with jitter: about 10 s, 1 min, 10 min, then ×10 per further retry (capped at a day),
/// each ±20 %. After the bridge's retry limit a record is Failed.
/// </summary>
public static class RetryPolicy
{
    private static readonly TimeSpan[] Steps = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)];
    private static readonly TimeSpan Cap = TimeSpan.FromDays(1);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based), without jitter.</summary>
    public static TimeSpan BaseDelay(int retry)
    {
        if (retry <= Steps.Length)
        {
            return Steps[Math.Max(0, retry - 1)];
        }

        var delay = Steps[^1].TotalSeconds * Math.Pow(10, retry - Steps.Length);
        return delay >= Cap.TotalSeconds ? Cap : TimeSpan.FromSeconds(delay);
    }

    /// <summary>The wait with ±20 % jitter, so that records failing together do not retry together.</summary>
    public static TimeSpan Delay(int retry, Random random) =>
        TimeSpan.FromMilliseconds(BaseDelay(retry).TotalMilliseconds * (0.8 + (0.4 * random.NextDouble())));

    /// <summary>Whether a record that has now failed <paramref name="attempts"/> times may be tried again.</summary>
    public static bool MayRetry(int attempts, int maxRetries) => attempts <= maxRetries;
}

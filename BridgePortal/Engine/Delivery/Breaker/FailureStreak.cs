namespace BridgePortal.Engine;

/// <summary>
/// Failed calls of one bridge's sink since its last answer, as this instance saw them. Kept in memory:
/// each instance trips on its own streak, and the pause it stores stops every instance.
/// </summary>
internal sealed class FailureStreak
{
    private readonly Lock gate = new();
    private int failures;
    private DateTime? since;

    /// <summary>Adds <paramref name="count"/> failures; true when the bridge's breaker thresholds are reached.</summary>
    public bool Add(int count, DateTime now, int maxFailures, int maxSeconds)
    {
        lock (gate)
        {
            failures += count;
            since ??= now;
            return (maxFailures > 0 && failures >= maxFailures)
                || (maxSeconds > 0 && now - since.Value >= TimeSpan.FromSeconds(maxSeconds));
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            failures = 0;
            since = null;
        }
    }
}

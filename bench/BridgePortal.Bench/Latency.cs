namespace BridgePortal.Bench;

/// <summary>Percentiles (nearest rank) of a set of latencies in milliseconds.</summary>
public static class Latency
{
    public static object Summarize(List<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new { count = 0 };
        }

        milliseconds.Sort();
        double At(double p) => Math.Round(milliseconds[Math.Clamp((int)Math.Ceiling(p / 100 * milliseconds.Count) - 1, 0, milliseconds.Count - 1)], 2);
        return new
        {
            count = milliseconds.Count,
            p50 = At(50),
            p95 = At(95),
            p99 = At(99),
            max = Math.Round(milliseconds[^1], 2),
            mean = Math.Round(milliseconds.Average(), 2),
        };
    }

    public static double Ms(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}

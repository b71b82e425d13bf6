namespace BridgePortal.Engine;

/// <summary>When a paused bridge tries one record again: 5 s after the pause, then 10 s, 20 s … at most every 2 minutes.</summary>
public static class ProbeSchedule
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(2);

    /// <summary>The next probe after <paramref name="probesTaken"/> probes of this pause.</summary>
    public static DateTime Next(DateTime now, int probesTaken) =>
        now + TimeSpan.FromSeconds(Math.Min(First.TotalSeconds * Math.Pow(2, Math.Min(probesTaken, 16)), Cap.TotalSeconds));
}

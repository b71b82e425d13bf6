using BridgePortal.Data.Model;

namespace BridgePortal.Monitoring;

/// <summary>The dashboard's time windows; each is cut into <see cref="DashboardStats.Buckets"/> chart buckets.</summary>
public enum StatsWindow
{
    LastHour,
    Last24Hours,
    Last7Days,
}

/// <summary>Every number the dashboard shows for one window, computed from stored attempts and records.</summary>
/// <param name="SuccessRate">Delivered attempts / all attempts in the window (0–1); null without attempts.</param>
/// <param name="Failed">Failed attempts (transient and permanent) in the window.</param>
/// <param name="QueueDepth">Records Pending or Delivering now.</param>
/// <param name="Errors">Records Failed or DeadLettered now (what the Failed page lists).</param>
public sealed record DashboardSnapshot(
    StatsWindow Window,
    DateTime From,
    DateTime To,
    double? SuccessRate,
    int Delivered,
    int Failed,
    int QueueDepth,
    int Errors,
    double? AverageLatencyMs,
    double? P95LatencyMs,
    IReadOnlyList<DeliveryBucket> Series,
    IReadOnlyList<BridgeStatsRow> Bridges,
    IReadOnlyList<ActivityEntry> Recent);

public sealed record DeliveryBucket(DateTime Start, int Delivered, int Failed);

public sealed record BridgeStatsRow(
    Guid Id, string Name, BridgeState State, int Delivered, int Failed, int Pending, double? AverageLatencyMs, DateTime? PausedAt = null, string? PauseReason = null);

/// <summary>Info: deliveries and ordinary actions. Warning: a try that failed and is retried, and security events (refused logins, lockouts). Error: a record that failed for good (gave up or refused).</summary>
public enum ActivityLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One line of the activity log: a delivery attempt or an audit entry.</summary>
public sealed record ActivityEntry(
    DateTime At, ActivityLevel Level, string Action, Guid? BridgeId, string? BridgeName, string? NaturalId, string? Detail, string? UserName);

/// <summary>Logs page filter: one level (null: all), bridge, text, and a time range (UTC, from inclusive, to exclusive).</summary>
public sealed record ActivityFilter(ActivityLevel? Level = null, Guid? BridgeId = null, string? Search = null, DateTime? From = null, DateTime? To = null);

public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Rows, int Total);

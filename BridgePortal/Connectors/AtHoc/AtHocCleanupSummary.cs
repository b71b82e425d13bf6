namespace BridgePortal.Connectors.AtHoc;

/// <summary>How a bridge's auto clean-up stands, for the bridge page.</summary>
/// <param name="Hours">The setting (null = off).</param>
/// <param name="LastQueuedAt">When the latest run that found users queued their clears.</param>
/// <param name="Users">The users of that run, cleared ones first.</param>
public sealed record AtHocCleanupSummary(
    int? Hours, string? SettingError, DateTime? LastQueuedAt, int Queued, int Cleared, DateTime? LastClearedAt, IReadOnlyList<string> Users, int Failed);

namespace BridgePortal.Data.Model.Alerts;

/// <summary>
/// One occurrence of a rule's condition for one subject (a bridge or connection): opened once, notified once,
/// resolved once (and that notified once). At most one open incident per rule and subject (a unique index).
/// </summary>
public sealed class AlertIncident
{
    public long Id { get; set; }

    public Guid RuleId { get; set; }

    /// <summary>What the incident is about, e.g. <c>bridge:{id}</c> or <c>connection:{id}</c>.</summary>
    public required string SubjectKey { get; set; }

    public Guid? BridgeId { get; set; }

    public required string Summary { get; set; }

    public DateTime OpenedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public DateTime? OpenNotifiedAt { get; set; }

    public DateTime? ResolveNotifiedAt { get; set; }

    /// <summary>Why the last notification failed (retried at the next evaluation).</summary>
    public string? NotifyError { get; set; }

    public AlertRule? Rule { get; set; }
}

namespace BridgePortal.Alerts.Channels;

/// <summary>One notification: an incident that fired or resolved.</summary>
public sealed record AlertMessage(long IncidentId, bool Resolved, string RuleName, string RuleKind, Guid? BridgeId, string Summary, DateTime OpenedAt, DateTime? ResolvedAt)
{
    public string Status => Resolved ? "resolved" : "firing";

    public string Subject => $"[BridgePortal] {(Resolved ? "RESOLVED" : "FIRING")}: {RuleName}";

    public string Text => Resolved
        ? $"Resolved at {ResolvedAt:yyyy-MM-dd HH:mm:ss} UTC (open since {OpenedAt:yyyy-MM-dd HH:mm:ss} UTC): {Summary}"
        : $"Since {OpenedAt:yyyy-MM-dd HH:mm:ss} UTC: {Summary}";
}

/// <summary>Delivers alert messages over one channel kind.</summary>
public interface IAlertSender
{
    BridgePortal.Data.Model.Alerts.AlertChannelKind Kind { get; }

    /// <summary>Sends, or throws with a reason that is safe to store and show (never the secret).</summary>
    Task SendAsync(BridgePortal.Data.Model.Alerts.AlertChannel channel, string? secret, AlertMessage message, CancellationToken cancellationToken);
}

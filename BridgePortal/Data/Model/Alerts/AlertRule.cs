namespace BridgePortal.Data.Model.Alerts;

/// <summary>What to watch (a condition kind with its threshold, on one bridge or all) and where to say so.</summary>
public sealed class AlertRule
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    /// <summary>The condition's <see cref="IAlertCondition.Kind"/>, e.g. <c>RecordsFailed</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>The bridge watched; null watches every bridge (each bridge is its own incident).</summary>
    public Guid? BridgeId { get; set; }

    /// <summary>The condition's number: records, minutes or polls (see the condition).</summary>
    public int Threshold { get; set; } = 1;

    public Guid ChannelId { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public AlertChannel? Channel { get; set; }
}

namespace BridgePortal.Data.Model;

/// <summary>One item moving through a bridge, idempotent by its natural id.</summary>
public sealed class Record
{
    public long Id { get; set; }

    public Guid BridgeId { get; set; }

    public required string NaturalId { get; set; }

    /// <summary>Grouping the source gives the record (e.g. the seeds' <c>module</c>), for per-module counts.</summary>
    public string? Module { get; set; }

    /// <summary>JSON payload; purged after the retention window once Delivered.</summary>
    public string? Payload { get; set; }

    public required string ContentHash { get; set; }

    /// <summary>Bumped at every content change, so an outcome of an older delivery never overwrites newer content.</summary>
    public int Version { get; set; } = 1;

    public RecordStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    /// <summary>While Delivering: when the claim expires and the record may be reclaimed.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>While Delivering: the engine instance holding the lease, so a dead instance's leases are reclaimed at once.</summary>
    public Guid? LeaseOwner { get; set; }

    public string? LastError { get; set; }

    public DateTime ReceivedAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Received → delivered, in milliseconds: delivered records keep no attempt row, so the latency lives here.</summary>
    public int? LatencyMs { get; set; }
}

public enum RecordStatus
{
    Pending,
    Delivering,
    Delivered,
    Failed,
    DeadLettered,

    /// <summary>Set aside by an operator: kept with its history, never delivered, restorable.</summary>
    Discarded,
}

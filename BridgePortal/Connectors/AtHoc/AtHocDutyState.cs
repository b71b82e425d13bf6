namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// What a bridge last wrote to one AtHoc user's duty field, recorded when AtHoc confirmed it (the auto clean-up
/// reads it). <see cref="Writes"/> counts confirmed duty writes, so every write has its own clean-up record.
/// </summary>
public sealed class AtHocDutyState
{
    public long Id { get; set; }

    public Guid BridgeId { get; set; }

    public required string Username { get; set; }

    public string? EmployeeId { get; set; }

    /// <summary>Whether the last confirmed write put the user on duty.</summary>
    public bool OnDuty { get; set; }

    /// <summary>The duty timestamp as the source gave it (wall-clock time of the files, no zone).</summary>
    public DateTime DutyTimestamp { get; set; }

    public int Writes { get; set; }

    /// <summary>When AtHoc confirmed the last write.</summary>
    public DateTime ConfirmedAt { get; set; }

    /// <summary>When the clean-up queued a clear of this write; null while none is queued.</summary>
    public DateTime? ClearQueuedAt { get; set; }

    /// <summary>When AtHoc confirmed the clean-up's clear of this write; null while on duty.</summary>
    public DateTime? ClearedAt { get; set; }
}

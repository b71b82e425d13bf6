namespace BridgePortal.Data.Model;

/// <summary>
/// A rate-limited bridge's schedule: the earliest moment (µs since the Unix epoch, on the database's clock for
/// PostgreSQL) at which its next records may go. Instances reserve turns by moving it forward atomically.
/// </summary>
public sealed class BridgeRateSlot
{
    public Guid BridgeId { get; set; }

    public long NextFreeMicros { get; set; }
}

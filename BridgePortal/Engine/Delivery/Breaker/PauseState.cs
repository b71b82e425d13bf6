namespace BridgePortal.Engine;

/// <summary>A bridge's pause columns as one instance last read them (at <see cref="ReadAt"/>, a timestamp).</summary>
internal sealed record PauseState(DateTime? PausedAt, bool Manual, DateTime? ProbeAt, int ProbeCount, long ReadAt)
{
    public bool Paused => PausedAt is not null;
}

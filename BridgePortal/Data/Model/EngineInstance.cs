namespace BridgePortal.Data.Model;

/// <summary>A running portal process: its heartbeat tells the others whether the leases it holds are still alive.</summary>
public sealed class EngineInstance
{
    public Guid Id { get; set; }

    public required string Host { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime HeartbeatAt { get; set; }
}

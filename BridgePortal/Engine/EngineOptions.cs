using System.ComponentModel.DataAnnotations;

namespace BridgePortal.Engine;

/// <summary>Tuning of the sync engine.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Records claimed at once per bridge (a sink may ask for fewer).</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim lasts; a record Delivering longer than this is reclaimed (must exceed sink timeouts).</summary>
    [Range(10, 86400)]
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>How often the in-process loop looks for due retries and other instances' intake.</summary>
    [Range(0.05, 60)]
    public double PollSeconds { get; set; } = 1;

    /// <summary>Bridges dispatched in parallel by one instance.</summary>
    [Range(1, 64)]
    public int MaxParallelBridges { get; set; } = 4;

    /// <summary>PostgreSQL: intake groups written at the same time (one forms while another commits). SQLite always uses one.</summary>
    [Range(1, 8)]
    public int IntakeWriters { get; set; } = 2;

    /// <summary>At most this many records join one group commit (a larger request is a group of its own).</summary>
    [Range(1, 50000)]
    public int IntakeGroupRecords { get; set; } = 2000;

    /// <summary>Largest ingest request body accepted, in bytes.</summary>
    [Range(1024, 104857600)]
    public long MaxIngestBodyBytes { get; set; } = 1048576;
}

/// <summary>How long things are kept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Payloads of Delivered records older than this are purged (the rows and counts stay).</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 30;

    /// <summary>Failed records older than this become DeadLettered (still visible and retryable).</summary>
    [Range(1, 3650)]
    public int FailedDays { get; set; } = 7;
}

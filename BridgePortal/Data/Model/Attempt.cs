namespace BridgePortal.Data.Model;

/// <summary>One delivery try of one record.</summary>
public sealed class Attempt
{
    public long Id { get; set; }

    public long RecordId { get; set; }

    public Guid BridgeId { get; set; }

    public DateTime StartedAt { get; set; }

    public int DurationMs { get; set; }

    public AttemptOutcome Outcome { get; set; }

    public int? HttpStatus { get; set; }

    public string? Error { get; set; }

    /// <summary>Received → this attempt's end, for delivered attempts (the dashboard's latency).</summary>
    public int? LatencyMs { get; set; }

    /// <summary>For a failure that will be retried: when the next try is due (null when none follows).</summary>
    public DateTime? RetryAt { get; set; }
}

public enum AttemptOutcome
{
    Delivered,
    TransientFailure,
    PermanentFailure,

    /// <summary>A transient failure on the last allowed try: the record gave up and is Failed.</summary>
    GaveUp,
}

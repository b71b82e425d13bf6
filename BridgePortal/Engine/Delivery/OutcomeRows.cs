using BridgePortal.Data.Model;

namespace BridgePortal.Engine;

/// <summary>A delivered record as the outcome statements take it: claimed version and latency.</summary>
internal sealed record DeliveredRow(long Id, int Version, int LatencyMs);

/// <summary>A failed try: what happens to the record next, and the attempt row that keeps it.</summary>
internal sealed record FailedRow(DeliveryResult Result, RecordStatus Status, DateTime? NextAttemptAt, AttemptOutcome Outcome, string? Error)
{
    public Attempt Attempt(Guid bridgeId) => new()
    {
        RecordId = Result.Record.Id,
        BridgeId = bridgeId,
        StartedAt = Result.StartedAt,
        DurationMs = Result.DurationMs,
        Outcome = Outcome,
        HttpStatus = Result.Outcome.HttpStatus,
        Error = Error,
        RetryAt = NextAttemptAt,
    };
}

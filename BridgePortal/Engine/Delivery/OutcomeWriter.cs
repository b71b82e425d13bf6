using BridgePortal.Data;
using BridgePortal.Data.Model;

namespace BridgePortal.Engine;

/// <summary>
/// Stores a batch's outcomes set-based in one transaction: one statement for the delivered records, one for the
/// failed ones and one insert of their attempt rows. A delivered record keeps its delivery time, attempt count
/// and latency on its own row and gets no attempt row; every failed try keeps one, saying what happens next.
/// A record whose content changed meanwhile (another version) keeps its newer state; the try's attempt stays.
/// </summary>
internal static class OutcomeWriter
{
    /// <summary>Returns whether any record of the batch is now Delivered, and each try's final outcome (for the metrics).</summary>
    public static async Task<(bool AnyDelivered, List<(DateTime ReceivedAt, AttemptOutcome Outcome, int? HttpStatus)> Tries)> StoreAsync(
        BridgeDbContext db, IOutcomeStatements statements, Guid bridgeId, int maxRetries, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken cancellationToken)
    {
        var delivered = results.Where(r => r.Outcome.Outcome == AttemptOutcome.Delivered)
            .Select(r => new DeliveredRow(r.Record.Id, r.Record.Version, (int)Math.Clamp((now - r.Record.ReceivedAt).TotalMilliseconds, 0, int.MaxValue)))
            .ToList();
        var failed = results.Where(r => r.Outcome.Outcome != AttemptOutcome.Delivered).Select(r => Fail(r, maxRetries, now)).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var anyDelivered = delivered.Count > 0 && await statements.MarkDeliveredAsync(db, delivered, now, cancellationToken) > 0;
        if (failed.Count > 0)
        {
            await statements.MarkFailedAsync(db, failed, now, cancellationToken);
            db.Attempts.AddRange(failed.Select(f => f.Attempt(bridgeId)));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var tries = results.Where(r => r.Outcome.Outcome == AttemptOutcome.Delivered).Select(r => (r.Record.ReceivedAt, AttemptOutcome.Delivered, r.Outcome.HttpStatus))
            .Concat(failed.Select(f => (f.Result.Record.ReceivedAt, f.Outcome, f.Result.Outcome.HttpStatus)))
            .ToList();
        return (anyDelivered, tries);
    }

    private static FailedRow Fail(DeliveryResult result, int maxRetries, DateTime now)
    {
        var attempts = result.Record.Attempts + 1;
        var error = Truncate(result.Outcome.Error);
        if (result.Outcome.Outcome == AttemptOutcome.TransientFailure && RetryPolicy.MayRetry(attempts, maxRetries))
        {
            return new(result, RecordStatus.Pending, now + RetryPolicy.Delay(attempts, Random.Shared), AttemptOutcome.TransientFailure, error);
        }

        // The last allowed try of a transient failure is "gave up", its own event; a permanent one fails at once.
        var outcome = result.Outcome.Outcome == AttemptOutcome.TransientFailure ? AttemptOutcome.GaveUp : result.Outcome.Outcome;
        return new(result, RecordStatus.Failed, null, outcome, error);
    }

    private static string? Truncate(string? text) => text is { Length: > 4000 } ? text[..3999] + "…" : text;
}

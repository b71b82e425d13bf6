using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>What happened to records: their attempts, the errors they share, and the export of a filtered list.</summary>
public sealed partial class RecordService
{
    /// <summary>A bridge's attempts, newest first, optionally of one record; empty when the actor may not see the bridge.</summary>
    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(Actor actor, Guid bridgeId, long? recordId, int take, CancellationToken cancellationToken)
    {
        var visible = await VisibleBridgeIds(actor).AnyAsync(id => id == bridgeId, cancellationToken);
        if (!visible)
        {
            return [];
        }

        var query = db.Attempts.AsNoTracking().Where(a => a.BridgeId == bridgeId);
        if (recordId is { } id)
        {
            query = query.Where(a => a.RecordId == id);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(take)
            .Join(db.Records, a => a.RecordId, r => r.Id, (a, r) => new { a, r.NaturalId })
            .ToListAsync(cancellationToken);
        var tries = await TriesAsync(rows.Where(x => x.a.Outcome == AttemptOutcome.GaveUp).Select(x => x.a).ToList(), cancellationToken);
        return [.. rows.Select(x => new AttemptRow(
            x.a.Id, x.a.RecordId, x.NaturalId, x.a.StartedAt, x.a.DurationMs, x.a.Outcome, x.a.HttpStatus, x.a.Error, x.a.RetryAt,
            tries.GetValueOrDefault(x.a.Id, 1)))];
    }

    /// <summary>The most common last errors among the records matching the filter, with their counts.</summary>
    public async Task<IReadOnlyList<ErrorGroup>> ErrorGroupsAsync(Actor actor, RecordFilter filter, int take, CancellationToken cancellationToken)
    {
        var groups = await Query(actor, filter with { ExactError = null }).Where(r => r.LastError != null)
            .GroupBy(r => r.LastError!).Select(g => new { g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key).Take(take)
            .ToListAsync(cancellationToken);
        return [.. groups.Select(g => new ErrorGroup(g.Key, g.Count))];
    }

    /// <summary>Every record matching the filter that the actor may see, newest first, streamed (for CSV/JSON export).</summary>
    public IAsyncEnumerable<RecordRow> ExportAsync(Actor actor, RecordFilter filter) =>
        Rows(Query(actor, filter).OrderByDescending(r => r.Id)).AsAsyncEnumerable();

    // A gave-up attempt ends a run of transient failures that began after the record's previous final outcome
    // (a retry starts a new budget only after a Failed record), so its try number is that run's length + 1.
    private async Task<Dictionary<long, int>> TriesAsync(List<Attempt> gaveUp, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, int>();
        foreach (var byRecord in gaveUp.GroupBy(a => a.RecordId))
        {
            var history = await db.Attempts.AsNoTracking().Where(a => a.RecordId == byRecord.Key).OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Outcome }).ToListAsync(cancellationToken);
            CountRuns([.. history.Select(h => (h.Id, h.Outcome))], result);
        }

        return result;
    }

    private static void CountRuns(List<(long Id, AttemptOutcome Outcome)> history, Dictionary<long, int> result)
    {
        var run = 0;
        foreach (var (id, outcome) in history)
        {
            if (outcome == AttemptOutcome.GaveUp)
            {
                result[id] = run + 1;
            }

            run = outcome == AttemptOutcome.TransientFailure ? run + 1 : 0;
        }
    }
}

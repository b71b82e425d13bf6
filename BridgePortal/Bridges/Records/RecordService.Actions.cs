using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>Retry, discard, restore and replay: only on records of bridges the actor may change, each audited.</summary>
public sealed partial class RecordService
{
    /// <summary>Makes the chosen Failed/DeadLettered records Pending again with a fresh retry budget.</summary>
    public async Task<int> RetryAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        return await RetryWhereAsync(actor, Changeable(actor).Where(r => ids.Contains(r.Id)), $"{ids.Count} selected", cancellationToken);
    }

    /// <summary>Retries every Failed/DeadLettered record matching the filter.</summary>
    public async Task<int> RetryMatchingAsync(Actor actor, RecordFilter filter, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        return await RetryWhereAsync(actor, Filtered(Changeable(actor), filter), filter.ExactError is null ? "all matching" : "all with the same error", cancellationToken);
    }

    /// <summary>
    /// Sets the chosen Failed/DeadLettered records aside as Discarded: the row, its attempts and payload stay
    /// (retention purges them like any other), it is never delivered, and <see cref="RestoreAsync"/> undoes it.
    /// </summary>
    public async Task<int> DiscardAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        await MoveAsync(await actors.CurrentAsync(actor, cancellationToken), ids, FailedStatuses, RecordStatus.Discarded, "record.discard", cancellationToken);

    /// <summary>
    /// Puts Discarded records back as Failed (not Pending): they reappear on the Failed page where they were,
    /// and sending them again stays a deliberate Retry.
    /// </summary>
    public async Task<int> RestoreAsync(Actor actor, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        await MoveAsync(await actors.CurrentAsync(actor, cancellationToken), ids, [RecordStatus.Discarded], RecordStatus.Failed, "record.restore", cancellationToken);

    /// <summary>How many Delivered records of the bridge a replay with this filter would send again (payload still stored).</summary>
    public async Task<int> ReplayCountAsync(Actor actor, RecordFilter filter, CancellationToken cancellationToken) =>
        filter.BridgeId is null ? 0 : await Replayable(actor, filter).CountAsync(cancellationToken);

    /// <summary>
    /// Sends a bridge's Delivered records matching the filter again (after a sink lost data): Pending, a fresh
    /// retry budget, and <see cref="Record.Version"/> bumped — the Http sink's <c>Idempotency-Key</c> is
    /// <c>naturalId:v&lt;version&gt;</c>, so without the bump an idempotent receiver would drop the replay.
    /// Records whose payload was purged by retention cannot be replayed and are left alone.
    /// </summary>
    public async Task<int> ReplayAsync(Actor actor, RecordFilter filter, CancellationToken cancellationToken)
    {
        if (filter.BridgeId is not { } bridgeId)
        {
            throw new ArgumentException("A replay needs a bridge.", nameof(filter));
        }

        actor = await actors.CurrentAsync(actor, cancellationToken);

        var count = await Replayable(actor, filter).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Status, RecordStatus.Pending)
                .SetProperty(r => r.Version, r => r.Version + 1)
                .SetProperty(r => r.Attempts, 0)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                .SetProperty(r => r.LeaseUntil, (DateTime?)null),
            cancellationToken);
        if (count > 0)
        {
            var range = $"{Describe(filter.From, "the first")} to {Describe(filter.To, "now")}";
            var search = string.IsNullOrWhiteSpace(filter.Search) ? "" : $", natural id containing '{filter.Search.Trim()}'";
            await audit.WriteAsync(actor.User, "record.replay", "Record", null, bridgeId, $"{count} delivered record(s) sent again, delivered from {range}{search}", cancellationToken);
            signal.Notify(bridgeId);
        }

        return count;
    }

    private IQueryable<Record> Replayable(Actor actor, RecordFilter filter) =>
        Filtered(Changeable(actor), filter with { Statuses = [RecordStatus.Delivered], Error = null, ExactError = null })
            .Where(r => r.Payload != null);

    private static string Describe(DateTime? at, string open) => at is { } t ? $"{t:yyyy-MM-dd HH:mm} UTC" : open;

    private async Task<int> MoveAsync(
        Actor actor, IReadOnlyCollection<long> ids, RecordStatus[] from, RecordStatus to, string action, CancellationToken cancellationToken)
    {
        var query = Changeable(actor).Where(r => ids.Contains(r.Id) && from.Contains(r.Status));
        var moved = await query.Select(r => new { r.Id, r.BridgeId, r.NaturalId }).ToListAsync(cancellationToken);
        var movedIds = moved.Select(d => d.Id).ToList();
        await db.Records.Where(r => movedIds.Contains(r.Id) && from.Contains(r.Status)).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Status, to).SetProperty(r => r.NextAttemptAt, (DateTime?)null).SetProperty(r => r.LeaseUntil, (DateTime?)null),
            cancellationToken);
        foreach (var bridge in moved.GroupBy(d => d.BridgeId))
        {
            await audit.WriteAsync(actor.User, action, "Record", null, bridge.Key,
                $"{bridge.Count()} record(s): {string.Join(", ", bridge.Take(20).Select(d => d.NaturalId))}", cancellationToken);
        }

        return moved.Count;
    }

    private async Task<int> RetryWhereAsync(Actor actor, IQueryable<Record> query, string what, CancellationToken cancellationToken)
    {
        query = query.Where(r => FailedStatuses.Contains(r.Status));
        var bridges = await query.GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var count = await query.ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Status, RecordStatus.Pending)
                .SetProperty(r => r.Attempts, 0)
                .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                .SetProperty(r => r.LeaseUntil, (DateTime?)null),
            cancellationToken);
        foreach (var bridge in bridges)
        {
            await audit.WriteAsync(actor.User, "record.retry", "Record", null, bridge.Key, $"{bridge.Count} record(s), {what}", cancellationToken);
            signal.Notify(bridge.Key);
        }

        return count;
    }
}

using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>Which bridges have work, and taking a batch of it as a lease (at the SQLite write gate, after sink protection allows it).</summary>
public sealed partial class Dispatcher
{
    private async Task<List<ClaimedRecord>> ClaimAsync(BridgeDbContext db, LoadedBridge loaded, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var count = Math.Min(loaded.Limits.MaxCount, options.Value.BatchSize);
        using (await gate.EnterAsync(cancellationToken))
        {
            count = await protection.AllowAsync(db, loaded.Bridge, count, cancellationToken); // sink protection: 0 while paused
            return count == 0 ? [] : await RecordClaims.ClaimAsync(db, store, loaded.Bridge.Id, count, now, now.AddSeconds(options.Value.LeaseSeconds), instance.Id, cancellationToken);
        }
    }

    /// <summary>Running bridges that have Pending records due now (new, or retries whose wait is over).</summary>
    public async Task<List<Guid>> DueBridgesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Bridges
            .Where(b => b.State == BridgeState.Running && db.Records.Any(r =>
                r.BridgeId == b.Id && r.Status == RecordStatus.Pending && (r.NextAttemptAt == null || r.NextAttemptAt <= now)))
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
    }
}

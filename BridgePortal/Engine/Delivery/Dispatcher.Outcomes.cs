using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>Storing a batch's outcomes, feeding the metrics and the breaker, and the bridge's "last sync" stamp.</summary>
public sealed partial class Dispatcher
{
    private async Task StoreAsync(BridgeDbContext db, LoadedBridge loaded, List<DeliveryResult> results, CancellationToken cancellationToken)
    {
        var storedAt = clock.GetUtcNow().UtcDateTime;
        using (await gate.EnterAsync(cancellationToken))
        {
            var (anyDelivered, tries) = await OutcomeWriter.StoreAsync(db, store.Outcomes, loaded.Bridge.Id, loaded.Bridge.MaxRetries, results, storedAt, cancellationToken);
            metrics.Outcomes(loaded.Bridge, tries, storedAt);
            await protection.ObserveAsync(db, loaded.Bridge, results, storedAt, cancellationToken); // sink protection: breaker
            if (anyDelivered)
            {
                await StampSyncAsync(db, loaded.Bridge.Id, storedAt, cancellationToken);
            }
        }
    }

    // "Last sync" is shown to the second: one write per second per bridge is enough, not one per batch.
    private async Task StampSyncAsync(BridgeDbContext db, Guid bridgeId, DateTime now, CancellationToken cancellationToken)
    {
        var stamp = clock.GetTimestamp();
        if (syncStamped.TryGetValue(bridgeId, out var last) && clock.GetElapsedTime(last, stamp) < SyncStampInterval)
        {
            return;
        }

        syncStamped[bridgeId] = stamp;
        await db.Bridges.Where(b => b.Id == bridgeId).ExecuteUpdateAsync(s => s.SetProperty(b => b.LastSyncAt, now), cancellationToken);
    }
}

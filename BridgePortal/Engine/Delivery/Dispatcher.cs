using System.Collections.Concurrent;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// Delivers a bridge's due records: claims a batch as a lease (<see cref="RecordClaims"/>), hands it to the
/// sink in chunks within the sink's limits, and stores every outcome set-based (<see cref="OutcomeWriter"/>).
/// Safe to run twice or concurrently: a record is only ever in one live claim.
/// </summary>
public sealed class Dispatcher(
    IServiceScopeFactory scopes,
    ConnectorRegistry connectors,
    SecretProtector secrets,
    EngineInstanceId instance,
    SqliteWriteGate gate,
    EngineStore store,
    TimeProvider clock,
    IOptions<EngineOptions> options,
    EngineMetrics metrics,
    SinkProtection protection,
    ILogger<Dispatcher> logger)
{
    private static readonly TimeSpan BridgeRefresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SyncStampInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, long> syncStamped = new();

    /// <summary>
    /// Dispatches until nothing is due, the bridge is stopped, or <paramref name="budget"/> is spent. Returns records handled.
    /// The next batch is claimed while the sink still works on the previous one, so the sink does not sit idle
    /// during the claim; a batch is handed to the sink only once the previous one has answered and its outcomes
    /// are stored, so order and "one version of a record in flight" hold as with one batch at a time.
    /// </summary>
    public async Task<int> DispatchAsync(Guid bridgeId, CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        var started = clock.GetTimestamp();
        var handled = 0;
        LoadedBridge? loaded = null;
        (LoadedBridge Bridge, Task<List<DeliveryResult>> Results)? inFlight = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();

                // The bridge, its sink and decrypted connection are read once per run and refreshed every few
                // seconds; whether it is still Running is checked by every claim itself.
                if (loaded is null || clock.GetElapsedTime(loaded.LoadedAt) > BridgeRefresh)
                {
                    loaded = await LoadAsync(db, bridgeId, cancellationToken);
                }

                var spent = budget is { } b && clock.GetElapsedTime(started) > b;
                var claimed = loaded is null || spent ? [] : await ClaimAsync(db, loaded, cancellationToken);
                if (inFlight is { } previous)
                {
                    inFlight = null;
                    await StoreAsync(db, previous.Bridge, await previous.Results, cancellationToken);
                }

                if (claimed.Count == 0)
                {
                    break;
                }

                await protection.WaitTurnAsync(db, loaded!.Bridge, claimed.Count, cancellationToken); // sink protection: rate limit
                inFlight = (loaded, DeliverAsync(loaded, claimed, cancellationToken));
                handled += claimed.Count;
            }
        }
        finally
        {
            if (inFlight is { } last && !cancellationToken.IsCancellationRequested)
            {
                // Left by an exception in the loop: its answers are still stored, or the lease brings the records back.
                await using var scope = scopes.CreateAsyncScope();
                await StoreAsync(scope.ServiceProvider.GetRequiredService<BridgeDbContext>(), last.Bridge, await last.Results, cancellationToken);
            }
        }

        return handled;
    }

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

    private async Task<LoadedBridge?> LoadAsync(BridgeDbContext db, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await db.Bridges.AsNoTracking().Include(b => b.SinkConnection).FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
        if (bridge is null || bridge.State != BridgeState.Running || !connectors.HasSink(bridge.SinkKind))
        {
            return null;
        }

        var sink = connectors.Sink(bridge.SinkKind);
        var context = new SinkContext(bridge, bridge.SinkConnection is { } c ? secrets.Open(c) : null);
        return new LoadedBridge(bridge, sink, context, sink.GetLimits(context), FieldMapping.Parse(bridge.MappingJson), clock.GetTimestamp());
    }

    private async Task<List<DeliveryResult>> DeliverAsync(LoadedBridge loaded, List<ClaimedRecord> claimed, CancellationToken cancellationToken)
    {
        var results = new List<DeliveryResult>(claimed.Count);
        var outbound = new List<OutboundRecord>(claimed.Count);
        var byId = claimed.ToDictionary(r => r.Id);
        foreach (var record in claimed)
        {
            try
            {
                outbound.Add(new OutboundRecord(record.Id, record.NaturalId, loaded.Mapping.Apply(record.Payload ?? "null"), record.Version, record.Attempts + 1));
            }
            catch (System.Text.Json.JsonException e)
            {
                results.Add(new(record, DeliveryOutcome.Permanent(record.Id, "The field mapping could not be applied: " + e.Message), clock.GetUtcNow().UtcDateTime, 0));
            }
        }

        foreach (var chunk in SinkChunks.Split(outbound, loaded.Limits))
        {
            var startedAt = clock.GetUtcNow().UtcDateTime;
            var timestamp = clock.GetTimestamp();
            using var span = EngineMetrics.StartDelivery(loaded.Bridge, chunk);
            IReadOnlyList<DeliveryOutcome> outcomes;
            try
            {
                outcomes = await loaded.Sink.DeliverAsync(loaded.Context, chunk, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sink {Sink} of bridge {BridgeId} threw; its records will be retried", loaded.Sink.Kind, loaded.Bridge.Id);
                var error = ErrorSentences.IsTransport(e)
                    ? $"{loaded.Sink.Kind}: the delivery got no answer ({ErrorSentences.Reason(e)}). Check the sink connection's server address; it is tried again later."
                    : $"{loaded.Sink.Kind}: the delivery stopped on an unexpected error (details in the server log). It is tried again later.";
                outcomes = [.. chunk.Select(r => DeliveryOutcome.Transient(r.RecordId, error))];
            }

            var ms = (int)clock.GetElapsedTime(timestamp).TotalMilliseconds;
            var answered = new HashSet<long>();
            foreach (var outcome in outcomes)
            {
                if (byId.TryGetValue(outcome.RecordId, out var record) && answered.Add(outcome.RecordId))
                {
                    results.Add(new(record, outcome, startedAt, ms));
                }
            }

            foreach (var missing in chunk.Where(r => !answered.Contains(r.RecordId)))
            {
                results.Add(new(byId[missing.RecordId], DeliveryOutcome.Transient(missing.RecordId, "The sink returned no outcome for this record."), startedAt, ms));
            }
        }

        return results;
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

    private sealed record LoadedBridge(Bridge Bridge, ISink Sink, SinkContext Context, SinkLimits Limits, FieldMapping Mapping, long LoadedAt);
}

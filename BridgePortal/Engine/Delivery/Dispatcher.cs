using System.Collections.Concurrent;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.Extensions.Options;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// Delivers a bridge's due records: claims a batch as a lease (<see cref="RecordClaims"/>), hands it to the
/// sink in chunks within the sink's limits, and stores every outcome set-based (<see cref="OutcomeWriter"/>).
/// Safe to run twice or concurrently: a record is only ever in one live claim.
/// </summary>
public sealed partial class Dispatcher(
    IServiceScopeFactory scopes,
    ConnectorRegistry connectors,
    BridgeContexts contexts,
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

    private sealed record LoadedBridge(Bridge Bridge, ISink Sink, SinkContext Context, SinkLimits Limits, FieldMapping Mapping, long LoadedAt);
}

using BridgePortal.Data;
using BridgePortal.Data.Model;

namespace BridgePortal.Engine;

/// <summary>
/// What the dispatcher asks before and after each batch to spare the sink: the circuit breaker (pause, probe,
/// resume) and the rate limit. Three calls, so the dispatcher's own code stays about moving records.
/// </summary>
public sealed class SinkProtection(CircuitBreaker breaker, RateLimiter limiter)
{
    /// <summary>Records to claim now: 0 while paused, 1 for a probe, else up to one rate-limit turn.</summary>
    internal async ValueTask<int> AllowAsync(BridgeDbContext db, Bridge bridge, int count, CancellationToken cancellationToken) =>
        RateLimiter.Portion(bridge, await breaker.AllowAsync(db, bridge.Id, count, cancellationToken));

    /// <summary>Waits for the claimed records' turn under the bridge's rate limit (at once without one).</summary>
    internal Task<DateTimeOffset?> WaitTurnAsync(BridgeDbContext db, Bridge bridge, int count, CancellationToken cancellationToken) =>
        limiter.WaitTurnAsync(db, bridge, count, cancellationToken);

    /// <summary>Feeds the stored outcomes to the breaker.</summary>
    internal Task ObserveAsync(BridgeDbContext db, Bridge bridge, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken cancellationToken) =>
        breaker.ObserveAsync(db, bridge, results, now, cancellationToken);
}

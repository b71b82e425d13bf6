using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// A bridge's records-per-second limit, shared by every instance on the database. Each turn of n records
/// moves the bridge's slot (<see cref="BridgeRateSlot"/>) forward by n / rate seconds in one atomic upsert
/// (the row lock orders instances), and the sender waits until its turn begins: a virtual schedule with no
/// burst, so turns never overlap and a sender is only ever late, never early. PostgreSQL computes on its own
/// clock, so instances on different machines agree. Turns are at most rate / 20 records (50 ms worth), which
/// bounds any 1-second window to the rate plus one turn less one record (exactly the rate below 40 per second).
/// </summary>
public sealed class RateLimiter(TimeProvider clock, EngineStore store)
{
    /// <summary>The most records one turn may take: 50 ms worth of the rate, at least one.</summary>
    public static int Portion(Bridge bridge, int count) =>
        bridge.RateLimitPerSecond is int rate and > 0 ? Math.Min(count, Math.Max(1, rate / 20)) : count;

    /// <summary>
    /// Reserves a turn for <paramref name="count"/> records and waits until it begins; returns when it was scheduled
    /// to begin (on the database's clock for PostgreSQL), or null without a limit.
    /// </summary>
    internal async Task<DateTimeOffset?> WaitTurnAsync(BridgeDbContext db, Bridge bridge, int count, CancellationToken cancellationToken)
    {
        if (bridge.RateLimitPerSecond is not (int rate and > 0) || count == 0)
        {
            return null;
        }

        var length = (long)Math.Ceiling(count * 1_000_000.0 / rate);
        var now = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        var turn = (await db.Database.SqlQueryRaw<Turn>(store.RateTurn, bridge.Id, length, now).ToListAsync(cancellationToken)).Single();
        if (turn.Wait > 0)
        {
            await Task.Delay(TimeSpan.FromMicroseconds(turn.Wait), cancellationToken);
        }

        return DateTimeOffset.UnixEpoch.AddTicks(turn.Begin * 10);
    }

    private sealed class Turn
    {
        /// <summary>When the turn begins, in microseconds since 1970.</summary>
        public long Begin { get; set; }

        /// <summary>How long until it begins, in microseconds (negative when it already has).</summary>
        public long Wait { get; set; }
    }
}

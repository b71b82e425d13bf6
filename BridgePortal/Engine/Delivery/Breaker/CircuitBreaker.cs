using System.Collections.Concurrent;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Identity;

namespace BridgePortal.Engine;

/// <summary>
/// Pauses a bridge's delivery while its sink keeps failing, so records keep their retry budget instead of
/// spending it on an outage; probes with one record at growing intervals and resumes when the sink answers,
/// making the records parked in backoff due at once. The pause lives in the bridge's row, so every instance
/// on the database obeys it; each instance reads it at most once a second per bridge (never per record).
/// </summary>
public sealed class CircuitBreaker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CircuitBreaker> logger)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, PauseState> states = new();
    private readonly ConcurrentDictionary<Guid, FailureStreak> streaks = new();

    /// <summary>How many records the dispatcher may claim now: all it asked for, none while paused, one for a probe.</summary>
    internal async ValueTask<int> AllowAsync(BridgeDbContext db, Guid bridgeId, int count, CancellationToken cancellationToken)
    {
        var state = await StateAsync(db, bridgeId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!state.Paused)
        {
            return count;
        }

        if (state.Manual || state.ProbeAt > now)
        {
            return 0;
        }

        if (await PauseStatements.TakeProbeAsync(db, bridgeId, state.ProbeCount, now, cancellationToken) == 0)
        {
            states.TryRemove(bridgeId, out _); // another instance took it, or a user resumed: read again
            return 0;
        }

        states[bridgeId] = state with { ProbeCount = state.ProbeCount + 1, ProbeAt = ProbeSchedule.Next(now, state.ProbeCount + 1) };
        await PauseStatements.MakeProbeDueAsync(db, bridgeId, now, cancellationToken);
        logger.LogInformation("Bridge {BridgeId} is paused; probing its sink with one record (probe {Probe})", bridgeId, state.ProbeCount + 1);
        return 1;
    }

    /// <summary>After a batch's outcomes are stored: a sink that answered ends the streak (and an automatic pause); failures may start one.</summary>
    internal async Task ObserveAsync(BridgeDbContext db, Bridge bridge, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        var streak = streaks.GetOrAdd(bridge.Id, _ => new FailureStreak());
        var failures = results.Where(r => r.Outcome.Outcome == AttemptOutcome.TransientFailure).ToList();
        if (failures.Count < results.Count)
        {
            streak.Reset();
            if (states.TryGetValue(bridge.Id, out var state) && state is { Paused: true, Manual: false })
            {
                await ResumeAsync(db, bridge, state, now, cancellationToken);
            }

            return;
        }

        // The streak counts failed sink calls (a chunk shares its start time), not records: one 503 for a batch of
        // 500 events is one failure of the sink, and a single-record sink makes one call per record anyway.
        var failedCalls = failures.Select(r => r.StartedAt).Distinct().Count();
        if (!streak.Add(failedCalls, now, bridge.BreakerFailures, bridge.BreakerSeconds)
            || (states.TryGetValue(bridge.Id, out var current) && current.Paused))
        {
            return;
        }

        var reason = Reason(bridge.SinkKind, failures[^1].Outcome);
        var paused = await PauseStatements.PauseAsync(db, bridge.Id, reason, manual: false, now, cancellationToken) == 1;
        states[bridge.Id] = new PauseState(now, false, ProbeSchedule.Next(now, 0), 0, clock.GetTimestamp());
        if (paused)
        {
            logger.LogWarning("Bridge {BridgeId} paused: {Reason}; probing from {ProbeAt:O}", bridge.Id, reason, ProbeSchedule.Next(now, 0));
            await AuditAsync(bridge.Id, "bridge.pause.auto", $"'{bridge.Name}' paused automatically: {reason}", cancellationToken);
        }
    }

    /// <summary>"Http answers 503", or the sink's error when it did not answer at all (a timeout, a refused connection).</summary>
    internal static string Reason(string sinkKind, DeliveryOutcome outcome) => outcome.HttpStatus is { } status
        ? $"{sinkKind} answers {status}"
        : $"{sinkKind} fails: {(outcome.Error is { Length: > 200 } e ? e[..199] + "…" : outcome.Error)}";

    private async Task ResumeAsync(BridgeDbContext db, Bridge bridge, PauseState state, DateTime now, CancellationToken cancellationToken)
    {
        states[bridge.Id] = new PauseState(null, false, null, 0, clock.GetTimestamp());
        if (await PauseStatements.ResumeAsync(db, bridge.Id, automatic: true, cancellationToken) == 0)
        {
            return;
        }

        var released = await PauseStatements.ReleaseParkedAsync(db, bridge.Id, now, cancellationToken);
        var pausedFor = now - (state.PausedAt ?? now);
        logger.LogInformation("Bridge {BridgeId} resumed: its sink answers again after {Seconds:F0} s; {Released} parked record(s) are due now", bridge.Id, pausedFor.TotalSeconds, released);
        await AuditAsync(bridge.Id, "bridge.resume.auto", $"'{bridge.Name}' resumed automatically after {pausedFor.TotalSeconds:F0} s; {released} record(s) waiting for a retry are due now", cancellationToken);
    }

    private async Task<PauseState> StateAsync(BridgeDbContext db, Guid bridgeId, CancellationToken cancellationToken)
    {
        if (states.TryGetValue(bridgeId, out var cached) && clock.GetElapsedTime(cached.ReadAt) < CacheFor)
        {
            return cached;
        }

        var row = await db.Bridges.Where(b => b.Id == bridgeId)
            .Select(b => new { b.PausedAt, b.PausedManually, b.ProbeAt, b.ProbeCount }).FirstOrDefaultAsync(cancellationToken);
        var state = new PauseState(row?.PausedAt, row?.PausedManually ?? false, row?.ProbeAt, row?.ProbeCount ?? 0, clock.GetTimestamp());
        states[bridgeId] = state;
        return state;
    }

    private async Task AuditAsync(Guid bridgeId, string action, string detail, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(null, action, "Bridge", bridgeId.ToString(), bridgeId, detail, cancellationToken);
    }
}

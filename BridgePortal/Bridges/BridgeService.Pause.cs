using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Engine;

namespace BridgePortal.Bridges;

/// <summary>Pausing and resuming delivery by hand (the circuit breaker does the same by itself, see <see cref="CircuitBreaker"/>).</summary>
public sealed partial class BridgeService
{
    /// <summary>Pauses delivery until a user resumes it (no probes); records are still taken in. Takes effect within a second on every instance.</summary>
    public async Task PauseAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        var reason = $"by {actor.User.Identity?.Name}";
        var changed = await PauseStatements.PauseAsync(db, id, reason, manual: true, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (changed == 0)
        {
            // Paused by the breaker already: the user's pause replaces it, so it no longer resumes by itself.
            changed = await db.Bridges.Where(b => b.Id == id && !b.PausedManually).ExecuteUpdateAsync(
                s => s.SetProperty(b => b.PausedManually, true).SetProperty(b => b.ProbeAt, (DateTime?)null).SetProperty(b => b.PauseReason, reason), cancellationToken);
        }

        if (changed > 0)
        {
            await audit.WriteAsync(actor.User, "bridge.pause", "Bridge", id.ToString(), id, $"'{bridge.Name}' paused manually", cancellationToken);
        }
    }

    /// <summary>Resumes a paused bridge (by the breaker or a user); the records waiting in backoff are due at once.</summary>
    public async Task ResumeAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        if (await PauseStatements.ResumeAsync(db, id, automatic: false, cancellationToken) == 0)
        {
            return;
        }

        var released = await PauseStatements.ReleaseParkedAsync(db, id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await audit.WriteAsync(actor.User, "bridge.resume", "Bridge", id.ToString(), id, $"'{bridge.Name}' resumed manually; {released} record(s) waiting for a retry are due now", cancellationToken);
        if (bridge.State == BridgeState.Running)
        {
            signal.Notify(id);
        }
    }
}

using BridgePortal.Data.Model;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>Starting, stopping and polling now: the state change, the poll schedule and the dispatcher's wake-up.</summary>
public sealed partial class BridgeService
{
    /// <summary>Start or stop streaming. Stop takes effect before the dispatcher's next batch (an in-flight batch finishes).</summary>
    public async Task SetStateAsync(Actor actor, Guid id, BridgeState state, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        if (bridge.State == state)
        {
            return;
        }

        bridge.State = state;
        bridge.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(bridge.Key);
        polls.Sync(bridge);
        await audit.WriteAsync(actor.User, state == BridgeState.Running ? "bridge.start" : "bridge.stop", "Bridge", id.ToString(), id, $"'{bridge.Name}'", cancellationToken);
        if (state == BridgeState.Running)
        {
            signal.Notify(id);
            if (polls.Polls(bridge))
            {
                polls.PollNow(id);
            }
        }
    }

    /// <summary>Polls the bridge's source once, now (Operators and Admins; the bridge must be running and poll).</summary>
    public async Task PollNowAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        if (!polls.Polls(bridge))
        {
            throw new InvalidOperationException("This bridge's source does not poll.");
        }

        polls.PollNow(id);
        await audit.WriteAsync(actor.User, "bridge.poll", "Bridge", id.ToString(), id, $"'{bridge.Name}' poll now", cancellationToken);
    }
}

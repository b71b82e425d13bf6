using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Engine.Jobs;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Engine;

namespace BridgePortal.Bridges;

/// <summary>Create, edit, delete, start and stop bridges, with the actor's rights and an audit entry for each change.</summary>
public sealed partial class BridgeService(
    BridgeDbContext db,
    ConnectorRegistry registry,
    SecretProtector secrets,
    AuditLog audit,
    DispatchSignal signal,
    BridgeDirectory directory,
    PollScheduler polls,
    TimeProvider clock,
    ActorCheck actors)
{
    private IQueryable<Bridge> Visible(Actor actor) => actor.SeesAllBridges ? db.Bridges : db.Bridges.Where(b => b.OwnerId == actor.Id);

    private async Task<Bridge> ChangeableAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var bridge = await db.Bridges.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return bridge is not null && actor.CanChange(bridge.OwnerId)
            ? bridge
            : throw new AccessDeniedException("No such bridge, or you may not change it.");
    }
}

using BridgePortal.Data.Model;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>The <see cref="Actor"/> rules as query filters: which bridges an actor sees, and which they may change.</summary>
public static class BridgeVisibility
{
    public static IQueryable<Bridge> VisibleTo(this IQueryable<Bridge> bridges, Actor actor) =>
        actor.SeesAllBridges ? bridges : bridges.Where(b => b.OwnerId == actor.Id);

    public static IQueryable<Bridge> ChangeableBy(this IQueryable<Bridge> bridges, Actor actor) =>
        actor.IsAdmin ? bridges : actor.IsOperator ? bridges.Where(b => b.OwnerId == actor.Id) : bridges.Where(_ => false);
}

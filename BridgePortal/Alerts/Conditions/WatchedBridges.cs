using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Data.Model.Alerts;

namespace BridgePortal.Alerts.Conditions;

/// <summary>The bridges a rule watches: its one bridge, or every bridge when the rule is global.</summary>
internal static class WatchedBridges
{
    public static IQueryable<Bridge> Of(BridgeDbContext db, AlertRule rule) =>
        db.Bridges.Where(b => rule.BridgeId == null || b.Id == rule.BridgeId);
}

using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Alerts;

/// <summary>Switching a rule on or off and deleting it.</summary>
public sealed partial class AlertService
{
    /// <summary>Turns a rule on or off; turning it off closes its open incidents without a message.</summary>
    public async Task SetRuleEnabledAsync(Actor actor, Guid id, bool enabled, CancellationToken cancellationToken)
    {
        Demand(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AlertRules.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, enabled), cancellationToken);
        if (!enabled)
        {
            await db.AlertIncidents.Where(i => i.RuleId == id && i.ResolvedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, now).SetProperty(i => i.ResolveNotifiedAt, now), cancellationToken);
        }

        await audit.WriteAsync(actor.User, enabled ? "alert-rule.enabled" : "alert-rule.disabled", "AlertRule", id.ToString(), cancellationToken: cancellationToken);
    }

    /// <summary>Deletes a rule with its incident history.</summary>
    public async Task DeleteRuleAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        Demand(actor);
        await db.AlertRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "alert-rule.deleted", "AlertRule", id.ToString(), cancellationToken: cancellationToken);
    }
}

using BridgePortal.Data.Model.Alerts;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Alerts;

/// <summary>Creating a rule: every field is checked and all errors are returned at once.</summary>
public sealed partial class AlertService
{
    public async Task<(Guid? Id, Dictionary<string, string> Errors)> SaveRuleAsync(Actor actor, AlertRuleDraft draft, CancellationToken cancellationToken)
    {
        Demand(actor);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors["Name"] = "A name is required.";
        }

        if (Conditions.All(c => c.Kind != draft.Kind))
        {
            errors["Kind"] = "Unknown rule kind.";
        }

        if (draft.Threshold is < 1 or > 100_000)
        {
            errors["Threshold"] = "Between 1 and 100000.";
        }

        if (!await db.AlertChannels.AnyAsync(c => c.Id == draft.ChannelId, cancellationToken))
        {
            errors["ChannelId"] = "Choose a channel.";
        }

        if (draft.BridgeId is { } bridgeId && !await db.Bridges.AnyAsync(b => b.Id == bridgeId && (actor.IsAdmin || b.OwnerId == actor.Id), cancellationToken))
        {
            errors["BridgeId"] = "No such bridge of yours.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var rule = db.AlertRules.Add(new AlertRule
        {
            Name = draft.Name.Trim(),
            Kind = draft.Kind,
            BridgeId = draft.BridgeId,
            Threshold = draft.Threshold,
            ChannelId = draft.ChannelId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "alert-rule.created", "AlertRule", rule.Id.ToString(), draft.BridgeId, $"{rule.Name} ({rule.Kind} ≥ {rule.Threshold})", cancellationToken);
        return (rule.Id, []);
    }
}

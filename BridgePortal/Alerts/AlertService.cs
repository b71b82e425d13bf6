using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using BridgePortal.Alerts.Channels;
using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Alerts;

/// <summary>A channel as the rules page edits it; <see cref="Secret"/> empty keeps the stored one.</summary>
public sealed record AlertChannelDraft(string Name, AlertChannelKind Kind, EmailChannelSettings? Email, WebhookChannelSettings? Webhook, string? Secret);

public sealed record AlertRuleDraft(string Name, string Kind, Guid? BridgeId, int Threshold, Guid ChannelId);

/// <summary>What the rules page shows of a channel: never its secret, only whether one is set.</summary>
public sealed record AlertChannelView(Guid Id, string Name, AlertChannelKind Kind, string Target, bool HasSecret);

/// <summary>Alert rules and channels for Admins and Operators; changes are audited.</summary>
public sealed class AlertService(BridgeDbContext db, SecretProtector secrets, AuditLog audit, IEnumerable<IAlertCondition> conditions, TimeProvider clock)
{
    public IReadOnlyList<IAlertCondition> Conditions { get; } = [.. conditions];

    public async Task<List<AlertChannelView>> ChannelsAsync(CancellationToken cancellationToken) =>
        [.. (await db.AlertChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken))
            .Select(c => new AlertChannelView(c.Id, c.Name, c.Kind, Target(c), c.ProtectedSecret is not null))];

    public Task<List<AlertRule>> RulesAsync(CancellationToken cancellationToken) =>
        db.AlertRules.AsNoTracking().Include(r => r.Channel).OrderBy(r => r.Name).ToListAsync(cancellationToken);

    public Task<List<AlertIncident>> IncidentsAsync(int take, CancellationToken cancellationToken) =>
        db.AlertIncidents.AsNoTracking().Include(i => i.Rule).OrderByDescending(i => i.Id).Take(take).ToListAsync(cancellationToken);

    /// <summary>Creates (id null) or updates a channel. Returns its id, or the errors by field.</summary>
    public async Task<(Guid? Id, Dictionary<string, string> Errors)> SaveChannelAsync(Actor actor, Guid? id, AlertChannelDraft draft, CancellationToken cancellationToken)
    {
        Demand(actor);
        object? settings = draft.Kind == AlertChannelKind.Email ? draft.Email : draft.Webhook;
        var errors = Validate(settings);
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors["Name"] = "A name is required.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var channel = id is { } existing
            ? await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == existing, cancellationToken) ?? throw new AccessDeniedException("No such channel.")
            : db.AlertChannels.Add(new AlertChannel { Name = draft.Name, CreatedAt = clock.GetUtcNow().UtcDateTime }).Entity;
        channel.Name = draft.Name.Trim();
        channel.Kind = draft.Kind;
        channel.SettingsJson = JsonSerializer.Serialize(settings);
        if (!string.IsNullOrEmpty(draft.Secret))
        {
            channel.ProtectedSecret = secrets.ProtectValue(draft.Secret);
        }

        if (await db.AlertChannels.AnyAsync(c => c.Name == channel.Name && c.Id != channel.Id, cancellationToken))
        {
            return (null, new() { ["Name"] = "Another channel has that name." });
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, id is null ? "alert-channel.created" : "alert-channel.updated", "AlertChannel", channel.Id.ToString(), detail: channel.Name, cancellationToken: cancellationToken);
        return (channel.Id, []);
    }

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

    /// <summary>Deletes a channel no rule uses; returns false when one still does.</summary>
    public async Task<bool> DeleteChannelAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        Demand(actor);
        if (await db.AlertRules.AnyAsync(r => r.ChannelId == id, cancellationToken))
        {
            return false;
        }

        await db.AlertChannels.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "alert-channel.deleted", "AlertChannel", id.ToString(), cancellationToken: cancellationToken);
        return true;
    }

    private static void Demand(Actor actor)
    {
        if (!actor.CanCreate)
        {
            throw new AccessDeniedException("Only Admins and Operators manage alerts.");
        }
    }

    private static Dictionary<string, string> Validate(object? settings)
    {
        if (settings is null)
        {
            return new() { ["Settings"] = "Settings are required." };
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames.Select(m => (m, r.ErrorMessage ?? "Invalid."))).DistinctBy(e => e.m).ToDictionary(e => e.m, e => e.Item2);
    }

    private static string Target(AlertChannel channel) => channel.Kind == AlertChannelKind.Email
        ? JsonSerializer.Deserialize<EmailChannelSettings>(channel.SettingsJson) is { } e ? $"{e.To} via {e.Host}:{e.Port}" : ""
        : JsonSerializer.Deserialize<WebhookChannelSettings>(channel.SettingsJson)?.Url ?? "";
}

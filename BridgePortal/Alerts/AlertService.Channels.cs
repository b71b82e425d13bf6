using System.Text.Json;
using BridgePortal.Data.Model.Alerts;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Alerts;

/// <summary>Saving and deleting channels: a secret is encrypted at rest and never read back.</summary>
public sealed partial class AlertService
{
    /// <summary>Creates (id null) or updates a channel. Returns its id, or the errors by field.</summary>
    public async Task<(Guid? Id, Dictionary<string, string> Errors)> SaveChannelAsync(Actor actor, Guid? id, AlertChannelDraft draft, CancellationToken cancellationToken)
    {
        Demand(actor);
        object? settings = draft.Kind == AlertChannelKind.Email ? draft.Email : draft.Webhook;
        var errors = AlertChannelSettings.Validate(settings);
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
}

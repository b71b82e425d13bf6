using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Bridges;

/// <summary>Editing and deleting a bridge; both drop the inbound endpoints' cached copy and resync its poll schedule.</summary>
public sealed partial class BridgeService
{
    public async Task<IReadOnlyDictionary<string, string>> UpdateAsync(Actor actor, Guid id, BridgeDraft draft, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        var errors = await ValidateAsync(actor, draft, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        if (bridge.SourceKind != draft.SourceKind)
        {
            bridge.SourceCursor = null;
        }

        Apply(bridge, draft, clock.GetUtcNow().UtcDateTime);
        bridge.ProtectedWebhookSecret = MergeSecrets(bridge.ProtectedWebhookSecret, draft);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(bridge.Key);
        polls.Sync(bridge);
        await audit.WriteAsync(actor.User, "bridge.edit", "Bridge", id.ToString(), id, $"'{bridge.Name}'", cancellationToken);
        return errors;
    }

    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        db.Bridges.Remove(bridge);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(bridge.Key);
        polls.Remove(bridge.Id);
        await audit.WriteAsync(actor.User, "bridge.delete", "Bridge", id.ToString(), null, $"'{bridge.Name}'", cancellationToken);
    }

    private void Apply(Bridge bridge, BridgeDraft draft, DateTime now)
    {
        var secretFields = registry.FindSource(draft.SourceKind)?.SettingsFields.Where(f => f.Secret).Select(f => f.Name).ToHashSet() ?? [];
        bridge.Name = draft.Name.Trim();
        bridge.SourceKind = draft.SourceKind;
        bridge.SourceConnectionId = draft.SourceConnectionId;
        bridge.SourceSettingsJson = SettingsJson.Write(draft.SourceSettings.Where(kv => !secretFields.Contains(kv.Key)).ToDictionary());
        bridge.SinkKind = draft.SinkKind;
        bridge.SinkConnectionId = draft.SinkConnectionId;
        bridge.SinkSettingsJson = SettingsJson.Write(draft.SinkSettings);
        bridge.MappingJson = string.IsNullOrWhiteSpace(draft.MappingJson) ? null : draft.MappingJson.Trim();
        bridge.MaxRetries = draft.MaxRetries;
        draft.Protection?.ApplyTo(bridge);
        bridge.UpdatedAt = now;
    }
}

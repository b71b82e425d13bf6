using BridgePortal.Data.Model;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>The bridge's ingest token and its source's stored secrets (encrypted at rest, never shown back).</summary>
public sealed partial class BridgeService
{
    /// <summary>A new ingest token; the old one stops working at once.</summary>
    public async Task<string> RegenerateTokenAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        var token = BridgeTokens.NewToken();
        bridge.IngestTokenHash = BridgeTokens.Hash(token);
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(bridge.Key);
        await audit.WriteAsync(actor.User, "bridge.token", "Bridge", id.ToString(), id, "ingest token regenerated", cancellationToken);
        return token;
    }

    /// <summary>Names of the source's secret settings that hold a stored value (for the form's "set" placeholders).</summary>
    public IReadOnlyCollection<string> SourceSecretsSet(Bridge bridge) => secrets.Unprotect(bridge.ProtectedWebhookSecret).Keys;

    /// <summary>The stored source secrets with the draft's new values laid over (an empty value keeps the stored one).</summary>
    private string? MergeSecrets(string? stored, BridgeDraft draft)
    {
        var fields = registry.FindSource(draft.SourceKind)?.SettingsFields.Where(f => f.Secret).Select(f => f.Name).ToHashSet() ?? [];
        var merged = secrets.Unprotect(stored).Where(kv => fields.Contains(kv.Key)).ToDictionary();
        foreach (var (name, value) in draft.SourceSecrets ?? [])
        {
            if (fields.Contains(name) && !string.IsNullOrEmpty(value))
            {
                merged[name] = value;
            }
        }

        return secrets.Protect(merged);
    }
}

using BridgePortal.Data.Model;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>Creating a bridge: stopped, with a fresh key and an ingest token shown once.</summary>
public sealed partial class BridgeService
{
    /// <summary>Creates a stopped bridge; returns its ingest token (shown once) or the validation errors.</summary>
    public async Task<(Bridge? Bridge, string? Token, IReadOnlyDictionary<string, string> Errors)> CreateAsync(Actor actor, BridgeDraft draft, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        if (!actor.CanCreate)
        {
            throw new AccessDeniedException("Viewers cannot create bridges.");
        }

        var errors = await ValidateAsync(actor, draft, cancellationToken);
        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var token = BridgeTokens.NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        var bridge = new Bridge
        {
            OwnerId = actor.Id,
            Name = draft.Name.Trim(),
            Key = BridgeTokens.NewKey(),
            SourceKind = draft.SourceKind,
            SinkKind = draft.SinkKind,
            IngestTokenHash = BridgeTokens.Hash(token),
            CreatedAt = now,
        };
        Apply(bridge, draft, now);
        bridge.ProtectedWebhookSecret = MergeSecrets(null, draft);
        db.Bridges.Add(bridge);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "bridge.create", "Bridge", bridge.Id.ToString(), bridge.Id, $"'{bridge.Name}' {bridge.SourceKind} → {bridge.SinkKind}", cancellationToken);
        return (bridge, token, errors);
    }
}

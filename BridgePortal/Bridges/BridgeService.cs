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
    public async Task<IReadOnlyList<BridgeSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var bridges = await Visible(actor).AsNoTracking().OrderBy(b => b.Name).ToListAsync(cancellationToken);
        var ids = bridges.Select(b => b.Id).ToList();
        var received = await db.Records.Where(r => ids.Contains(r.BridgeId) && r.ReceivedAt >= since)
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        // Records, as on the dashboard: delivered in the 24 h, and now failed after a try in the 24 h.
        var delivered = await db.Records.Where(r => ids.Contains(r.BridgeId) && r.DeliveredAt >= since)
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var failed = await db.Records.Where(r => ids.Contains(r.BridgeId) && RecordService.FailedStatuses.Contains(r.Status) && r.LastAttemptAt >= since)
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var pending = await db.Records.Where(r => ids.Contains(r.BridgeId) && (r.Status == RecordStatus.Pending || r.Status == RecordStatus.Delivering))
            .GroupBy(r => r.BridgeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var owners = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        return [.. bridges.Select(b => new BridgeSummary(
            b.Id, b.Key, b.Name, owners.GetValueOrDefault(b.OwnerId), b.State, b.SourceKind, b.SinkKind,
            received.GetValueOrDefault(b.Id),
            delivered.GetValueOrDefault(b.Id),
            failed.GetValueOrDefault(b.Id),
            pending.GetValueOrDefault(b.Id),
            b.LastSyncAt,
            actor.CanChange(b.OwnerId),
            b.PausedAt,
            b.PauseReason))];
    }

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

    /// <summary>Start or stop streaming. Stop takes effect before the dispatcher's next batch (an in-flight batch finishes).</summary>
    public async Task SetStateAsync(Actor actor, Guid id, BridgeState state, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        if (bridge.State == state)
        {
            return;
        }

        bridge.State = state;
        bridge.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(bridge.Key);
        polls.Sync(bridge);
        await audit.WriteAsync(actor.User, state == BridgeState.Running ? "bridge.start" : "bridge.stop", "Bridge", id.ToString(), id, $"'{bridge.Name}'", cancellationToken);
        if (state == BridgeState.Running)
        {
            signal.Notify(id);
            if (polls.Polls(bridge))
            {
                polls.PollNow(id);
            }
        }
    }

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

    /// <summary>Polls the bridge's source once, now (Operators and Admins; the bridge must be running and poll).</summary>
    public async Task PollNowAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var bridge = await ChangeableAsync(actor, id, cancellationToken);
        if (!polls.Polls(bridge))
        {
            throw new InvalidOperationException("This bridge's source does not poll.");
        }

        polls.PollNow(id);
        await audit.WriteAsync(actor.User, "bridge.poll", "Bridge", id.ToString(), id, $"'{bridge.Name}' poll now", cancellationToken);
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

    private IQueryable<Bridge> Visible(Actor actor) => actor.SeesAllBridges ? db.Bridges : db.Bridges.Where(b => b.OwnerId == actor.Id);

    private async Task<Bridge> ChangeableAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var bridge = await db.Bridges.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return bridge is not null && actor.CanChange(bridge.OwnerId)
            ? bridge
            : throw new AccessDeniedException("No such bridge, or you may not change it.");
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

    private async Task<Dictionary<string, string>> ValidateAsync(Actor actor, BridgeDraft draft, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors["Name"] = "Name is required.";
        }

        var source = registry.FindSource(draft.SourceKind);
        if (source is null)
        {
            errors["SourceKind"] = $"Unknown source '{draft.SourceKind}'.";
        }
        else
        {
            SettingValues.Canonicalize(source.SettingsFields, draft.SourceSettings);
            foreach (var (field, error) in SourceSettingsValidation.Errors(source.SettingsFields, draft.SourceSettings, draft.SourceSecrets))
            {
                errors[field] = error;
            }

            if (BodyLimits.Validate(draft.SourceSettings) is { } bodyLimitError)
            {
                errors[BodyLimits.Setting] = bodyLimitError;
            }

            if (registry.Poller(source.Kind) is not null && PollSettings.Validate(draft.SourceSettings) is { } pollError)
            {
                errors[PollSettings.IntervalMinutes] = pollError;
            }

            if (source.ConnectionKind is { } sourceConnectionKind && !(source.ConnectionOptional && draft.SourceConnectionId is null))
            {
                await CheckConnectionAsync(actor, draft.SourceConnectionId, sourceConnectionKind, "SourceConnectionId", errors, cancellationToken);
            }
        }

        if (!registry.HasSink(draft.SinkKind))
        {
            errors["SinkKind"] = $"Unknown sink '{draft.SinkKind}'.";
        }
        else
        {
            var sink = registry.Sink(draft.SinkKind);
            foreach (var field in sink.SettingsFields.Where(f => f.Required && !f.Secret && string.IsNullOrWhiteSpace(draft.SinkSettings.GetValueOrDefault(f.Name))))
            {
                errors[field.Name] = $"{field.Label} is required.";
            }

            SettingValues.Canonicalize(sink.SettingsFields, draft.SinkSettings);
            foreach (var (field, error) in sink.ValidateSettings(draft.SinkSettings).Select(kv => (kv.Key, kv.Value)).Concat(SettingValues.TypeErrors(sink.SettingsFields, draft.SinkSettings)))
            {
                errors.TryAdd(field, error);
            }

            if (sink.ConnectionKind is { } sinkConnectionKind)
            {
                await CheckConnectionAsync(actor, draft.SinkConnectionId, sinkConnectionKind, "SinkConnectionId", errors, cancellationToken);
            }
        }

        if (draft.MaxRetries is < 0 or > 10)
        {
            errors["MaxRetries"] = "Retries must be between 0 and 10.";
        }

        draft.Protection?.Validate(errors);

        if (FieldMapping.Validate(draft.MappingJson) is { } mappingError)
        {
            errors["MappingJson"] = mappingError;
        }

        return errors;
    }
}

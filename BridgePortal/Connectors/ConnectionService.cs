using System.Diagnostics;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors;

/// <summary>A connection as the portal lists it: never a secret, only which secret fields are set.</summary>
public sealed record ConnectionView(
    Guid Id, string OwnerId, string? OwnerName, ConnectionKind Kind, string Name, IReadOnlyDictionary<string, string> Settings,
    IReadOnlyCollection<string> SecretsSet, DateTime? LastTestedAt, bool? LastTestSucceeded, string? LastTestMessage, int? LastTestLatencyMs, bool Editable);

/// <summary>What the connection form submits. A secret left empty on edit keeps the stored one ("replace only").</summary>
public sealed record ConnectionDraft(ConnectionKind Kind, string Name, Dictionary<string, string> Settings, Dictionary<string, string> Secrets);

public sealed class ConnectionService(BridgeDbContext db, ConnectorRegistry registry, SecretProtector secrets, AuditLog audit, TimeProvider clock, ActorCheck actors, ILogger<ConnectionService> logger)
{
    public async Task<IReadOnlyList<ConnectionView>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var query = db.Connections.AsNoTracking();
        if (!actor.IsAdmin)
        {
            query = query.Where(c => c.OwnerId == actor.Id);
        }

        var owners = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        var rows = await query.OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(c => View(c, owners.GetValueOrDefault(c.OwnerId), actor))];
    }

    /// <summary>Connections the actor may use in a bridge (their own).</summary>
    public async Task<IReadOnlyList<ConnectionView>> UsableAsync(Actor actor, ConnectionKind? kind, CancellationToken cancellationToken)
    {
        var rows = await db.Connections.AsNoTracking()
            .Where(c => c.OwnerId == actor.Id && (kind == null || c.Kind == kind))
            .OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(c => View(c, actor.User.Identity?.Name, actor))];
    }

    /// <summary>Validation errors by field ("" for the whole form); empty when saved.</summary>
    public async Task<(Guid? Id, IReadOnlyDictionary<string, string> Errors)> SaveAsync(Actor actor, Guid? id, ConnectionDraft draft, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        if (!actor.CanCreate)
        {
            throw new AccessDeniedException("Viewers cannot change connections.");
        }

        Connection? connection = null;
        var storedSecrets = new Dictionary<string, string>();
        if (id is { } existingId)
        {
            connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == existingId, cancellationToken);
            if (connection is null || !actor.CanChange(connection.OwnerId))
            {
                throw new AccessDeniedException("No such connection.");
            }

            storedSecrets = secrets.Unprotect(connection.ProtectedSecret);
        }

        // Any string reads as a kind (the API's JSON names no connector): only a registered one may be saved, and
        // in the connector's own spelling, so that stored kinds compare equal in queries.
        if (registry.FindConnectionKind(draft.Kind.Name) is not { } kind)
        {
            var known = string.Join(", ", registry.ConnectionKinds.Select(k => k.Kind.Name));
            return (null, new Dictionary<string, string> { ["Kind"] = $"Unknown connection kind '{draft.Kind}'. Known kinds: {known}." });
        }

        draft = draft with { Kind = kind.Kind };
        var mergedSecrets = new Dictionary<string, string>(storedSecrets);
        foreach (var field in kind.Fields.Where(f => f.Secret))
        {
            if (draft.Secrets.TryGetValue(field.Name, out var value) && !string.IsNullOrEmpty(value))
            {
                mergedSecrets[field.Name] = value;
            }
        }

        var settings = kind.Fields.Where(f => !f.Secret)
            .ToDictionary(f => f.Name, f => f.Canonical(draft.Settings.GetValueOrDefault(f.Name)));
        var data = new ConnectionData(draft.Kind, settings, mergedSecrets);
        var errors = new Dictionary<string, string>(kind.Validate(data));
        foreach (var (field, error) in SettingValues.TypeErrors(kind.Fields, settings))
        {
            errors.TryAdd(field, error);
        }

        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors["Name"] = "Name is required.";
        }

        // The stored settings and secrets belong to the kind: changing it would keep another kind's fields.
        if (connection is not null && connection.Kind != draft.Kind)
        {
            errors["Kind"] = $"A connection's kind cannot change (this one is {connection.Kind}).";
        }

        var ownerId = connection?.OwnerId ?? actor.Id;
        if (await db.Connections.AnyAsync(c => c.OwnerId == ownerId && c.Name == draft.Name.Trim() && c.Id != id, cancellationToken))
        {
            errors["Name"] = "You already have a connection with this name.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (connection is null)
        {
            connection = new Connection { OwnerId = actor.Id, Kind = draft.Kind, Name = draft.Name.Trim(), CreatedAt = now };
            db.Connections.Add(connection);
        }

        connection.Name = draft.Name.Trim();
        connection.SettingsJson = SettingsJson.Write(settings);
        connection.ProtectedSecret = secrets.Protect(mergedSecrets.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary());
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, id is null ? "connection.create" : "connection.edit", "Connection", connection.Id.ToString(), detail: $"{connection.Kind} '{connection.Name}'", cancellationToken: cancellationToken);
        return (connection.Id, errors);
    }

    public async Task<string?> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null || !actor.CanChange(connection.OwnerId))
        {
            throw new AccessDeniedException("No such connection.");
        }

        var usedBy = await db.Bridges.Where(b => b.SourceConnectionId == id || b.SinkConnectionId == id).Select(b => b.Name).ToListAsync(cancellationToken);
        if (usedBy.Count > 0)
        {
            return $"Used by bridge(s) {string.Join(", ", usedBy)}; change or delete them first.";
        }

        db.Connections.Remove(connection);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "connection.delete", "Connection", id.ToString(), detail: $"{connection.Kind} '{connection.Name}'", cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>Runs the kind's test call, stores the result and latency, and audits it.</summary>
    public async Task<ConnectionTestResult> TestAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null || !actor.CanChange(connection.OwnerId))
        {
            throw new AccessDeniedException("No such connection.");
        }

        var data = secrets.Open(connection);
        ConnectionTestResult result;
        var watch = Stopwatch.StartNew();
        try
        {
            result = await registry.ConnectionKind(connection.Kind).TestAsync(data, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A kind's test handles what it expects; whatever escapes it still reads as a sentence, never a type name.
            var kind = registry.ConnectionKind(connection.Kind).DisplayName;
            result = new ConnectionTestResult(false, ErrorSentences.IsTransport(e)
                ? ErrorSentences.Unreachable(new(kind, "the server", "Check the connection's server address."), e)
                : $"{kind}: the test stopped on an unexpected error (details in the server log). Check the connection's settings.", (int)watch.ElapsedMilliseconds);
            logger.LogWarning(e, "Testing connection {ConnectionId} ({Kind}) threw", id, connection.Kind);
        }

        connection.LastTestedAt = clock.GetUtcNow().UtcDateTime;
        connection.LastTestSucceeded = result.Succeeded;
        connection.LastTestMessage = result.Message.Length > 2000 ? result.Message[..2000] : result.Message;
        connection.LastTestLatencyMs = result.LatencyMs;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "connection.test", "Connection", id.ToString(), detail: $"{(result.Succeeded ? "ok" : "failed")}: {result.Message}", cancellationToken: cancellationToken);
        return result;
    }

    /// <summary>What the connection's account holds (e.g. Kobo projects), for anyone who may use the connection.</summary>
    public async Task<IReadOnlyList<CatalogItem>> CatalogAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        actor = await actors.CurrentAsync(actor, cancellationToken);
        var connection = await db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (connection is null || !(connection.OwnerId == actor.Id || actor.IsAdmin))
        {
            throw new AccessDeniedException("No such connection.");
        }

        if (registry.ConnectionKind(connection.Kind) is not IConnectionCatalog catalog)
        {
            return [];
        }

        var data = secrets.Open(connection);
        return await catalog.ListAsync(data, cancellationToken);
    }

    private ConnectionView View(Connection c, string? ownerName, Actor actor)
    {
        var mine = c.OwnerId == actor.Id;
        var secretsSet = mine ? secrets.Unprotect(c.ProtectedSecret).Keys.ToList() : [];
        return new ConnectionView(c.Id, c.OwnerId, ownerName, c.Kind, c.Name, mine ? SettingsJson.Read(c.SettingsJson) : new Dictionary<string, string>(),
            secretsSet, c.LastTestedAt, c.LastTestSucceeded, c.LastTestMessage, c.LastTestLatencyMs, actor.CanChange(c.OwnerId));
    }
}

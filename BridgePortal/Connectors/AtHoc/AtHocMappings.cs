using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>The Mappings page's reads and "Sync now": connections the actor owns (Admins: all).</summary>
public sealed class AtHocMappings(BridgeDbContext db, AtHocMappingSync sync, AuditLog audit)
{
    public async Task<IReadOnlyList<AtHocMappingTable>> TablesAsync(Actor actor, CancellationToken cancellationToken)
    {
        var connections = await Visible(actor).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.SettingsJson }).ToListAsync(cancellationToken);
        var ids = connections.Select(c => c.Id).ToList();
        var counts = await db.Set<AtHocUserMapping>().Where(m => ids.Contains(m.ConnectionId)).GroupBy(m => m.ConnectionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var states = await db.Set<AtHocMappingSyncState>().AsNoTracking().Where(s => ids.Contains(s.ConnectionId)).ToDictionaryAsync(s => s.ConnectionId, cancellationToken);
        return [.. connections.Select(c => new AtHocMappingTable(c.Id, c.Name,
            AtHocSettings.VerifiesTls(new ConnectionData(AtHocConnectionKind.Kind, SettingsJson.Read(c.SettingsJson), new Dictionary<string, string>())),
            counts.GetValueOrDefault(c.Id), states.GetValueOrDefault(c.Id)))];
    }

    public async Task<(IReadOnlyList<AtHocUserMapping> Rows, int Total)> SearchAsync(
        Actor actor, Guid connectionId, string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await VisibleAsync(actor, connectionId, cancellationToken);
        var query = db.Set<AtHocUserMapping>().AsNoTracking().Where(m => m.ConnectionId == connectionId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLower();
            query = query.Where(m => m.EmployeeId.ToLower().Contains(term) || m.Username.ToLower().Contains(term) || (m.CollarId != null && m.CollarId.ToLower().Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(m => m.EmployeeId).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (rows, total);
    }

    public async Task<AtHocMappingSyncState> SyncNowAsync(Actor actor, Guid connectionId, CancellationToken cancellationToken)
    {
        var connection = await VisibleAsync(actor, connectionId, cancellationToken);
        if (!actor.CanChange(connection.OwnerId))
        {
            throw new AccessDeniedException("Only the connection's owner or an Admin may sync its mapping table.");
        }

        var state = await sync.SyncAsync(connectionId, AtHocMappingSync.Manual, cancellationToken);
        await audit.WriteAsync(actor.User, "athoc.mapping-sync", "Connection", connectionId.ToString(), null, $"{state.LastStatus}: {state.LastMessage}", cancellationToken);
        return state;
    }

    private IQueryable<Connection> Visible(Actor actor) =>
        db.Connections.AsNoTracking().Where(c => c.Kind == AtHocConnectionKind.Kind && (actor.IsAdmin || actor.SeesAllBridges || c.OwnerId == actor.Id));

    private async Task<Connection> VisibleAsync(Actor actor, Guid connectionId, CancellationToken cancellationToken) =>
        await Visible(actor).FirstOrDefaultAsync(c => c.Id == connectionId, cancellationToken) ?? throw new AccessDeniedException("No such AtHoc connection.");
}

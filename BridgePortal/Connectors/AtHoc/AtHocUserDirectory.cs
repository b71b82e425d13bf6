using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>Employee id → AtHoc username from the mapping table of the bridge's AtHoc sink connection (for sources such as the CSV drop).</summary>
public sealed class AtHocUserDirectory(IServiceScopeFactory scopes) : ISinkUserDirectory
{
    public async Task<IReadOnlyDictionary<string, string>?> UsernamesAsync(Bridge bridge, IEnumerable<string> personIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        if (bridge.SinkConnectionId is not { } connectionId || !await db.Connections.AnyAsync(c => c.Id == connectionId && c.Kind == AtHocConnectionKind.Kind, cancellationToken))
        {
            return null;
        }

        var wanted = personIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = await db.Set<AtHocUserMapping>().AsNoTracking().Where(m => m.ConnectionId == connectionId)
            .Select(m => new { m.EmployeeId, m.Username }).ToListAsync(cancellationToken);
        return rows.Where(r => wanted.Contains(r.EmployeeId)).ToDictionary(r => r.EmployeeId, r => r.Username, StringComparer.OrdinalIgnoreCase);
    }
}

using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>The names and kinds of the bridge's connections, read with the page's data for <see cref="BridgeFacts"/>.</summary>
public sealed partial class BridgeDetailPage
{
    private Dictionary<Guid, (string Name, ConnectionKind Kind)> connectionNames = [];

    private async Task LoadConnectionNamesAsync()
    {
        Guid?[] ids = [bridge?.SourceConnectionId, bridge?.SinkConnectionId];
        var wanted = ids.OfType<Guid>().ToList();
        connectionNames = await ScopedServices.GetRequiredService<BridgeDbContext>().Connections.AsNoTracking()
            .Where(c => wanted.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => (c.Name, c.Kind));
    }
}

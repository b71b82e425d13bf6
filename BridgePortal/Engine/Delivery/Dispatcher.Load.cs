using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>Reading a running bridge with its sink, decrypted connection, limits and field mapping, once per few seconds of a run.</summary>
public sealed partial class Dispatcher
{
    private async Task<LoadedBridge?> LoadAsync(BridgeDbContext db, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await db.Bridges.AsNoTracking().Include(b => b.SinkConnection).FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
        if (bridge is null || bridge.State != BridgeState.Running || !connectors.HasSink(bridge.SinkKind))
        {
            return null;
        }

        var sink = connectors.Sink(bridge.SinkKind);
        var context = contexts.Sink(bridge);
        return new LoadedBridge(bridge, sink, context, sink.GetLimits(context), FieldMapping.Parse(bridge.MappingJson), clock.GetTimestamp());
    }
}

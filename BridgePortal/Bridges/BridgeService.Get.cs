using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Bridges;

public sealed partial class BridgeService
{
    /// <summary>The bridge as <paramref name="actor"/> may see it: its poll error names the source connection's server only for the owner.</summary>
    public async Task<Bridge> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var bridge = await Visible(actor).AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken)
            ?? throw new AccessDeniedException("No such bridge.");
        if (bridge.LastPollError is { } error && bridge.OwnerId != actor.Id)
        {
            var settings = await db.Connections.Where(c => c.Id == bridge.SourceConnectionId).Select(c => c.SettingsJson).FirstOrDefaultAsync(cancellationToken);
            bridge.LastPollError = ConnectionDetails.Redact(error, settings);
        }

        return bridge;
    }
}

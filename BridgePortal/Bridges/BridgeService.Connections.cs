using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Bridges;

/// <summary>The bridge form's connection check: the chosen connection is the actor's own (or any, for an Admin) and of the right kind.</summary>
public sealed partial class BridgeService
{
    private async Task CheckConnectionAsync(Actor actor, Guid? id, ConnectionKind kind, string field, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            errors[field] = $"Choose a {kind} connection.";
        }
        else if (!await db.Connections.AnyAsync(c => c.Id == id && c.Kind == kind && (c.OwnerId == actor.Id || actor.IsAdmin), cancellationToken))
        {
            errors[field] = $"That is not one of your {kind} connections.";
        }
    }
}

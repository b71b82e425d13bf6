using BridgePortal.Data;
using BridgePortal.Monitoring;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Api;

/// <summary>A bridge's counts and its sender's health check, both for the holder of its ingest token.</summary>
public static partial class IngestEndpoints
{
    private static async Task<IResult> StatusAsync(string bridgeKey, HttpContext http, BridgeDbContext db, BridgeStats stats, CancellationToken cancellationToken)
    {
        var bridge = await db.Bridges.AsNoTracking().FirstOrDefaultAsync(b => b.Key == bridgeKey, cancellationToken);
        if (bridge is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown bridge", $"No bridge has the key '{bridgeKey}'.");
        }

        if (!Authorized(http, bridge))
        {
            return Unauthorized();
        }

        return Results.Json(await stats.StatusAsync(bridge, cancellationToken));
    }

    private static async Task<IResult> HealthAsync(HttpContext http, BridgeDbContext db, BridgeStats stats, CancellationToken cancellationToken)
    {
        var token = BearerToken.From(http.Request);
        if (token is null)
        {
            return Unauthorized();
        }

        var hash = BridgeTokens.Hash(token);
        var bridgeId = await db.Bridges.Where(b => b.IngestTokenHash == hash).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);
        if (bridgeId is null)
        {
            return Unauthorized();
        }

        return Results.Json(await stats.HealthAsync(bridgeId.Value, cancellationToken));
    }
}

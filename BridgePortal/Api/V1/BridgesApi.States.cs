using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>Starting, stopping, pausing, resuming and polling: each answers with the bridge as it is now.</summary>
public static partial class BridgesApi
{
    private static async Task<BridgeDto> SetStateAsync(Guid id, BridgeState state, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        await bridges.SetStateAsync(actor, id, state, cancellationToken);
        return BridgeDtoMapping.Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry);
    }

    private static async Task<BridgeDto> ChangeAsync(
        Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, Func<Actor, Guid, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        await change(actor, id, cancellationToken);
        return BridgeDtoMapping.Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry);
    }

    private static async Task<IResult> PollAsync(Guid id, HttpContext http, BridgeService bridges, CancellationToken cancellationToken)
    {
        try
        {
            await bridges.PollNowAsync(new Actor(http.User), id, cancellationToken);
            return TypedResults.Accepted((string?)null);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }
}

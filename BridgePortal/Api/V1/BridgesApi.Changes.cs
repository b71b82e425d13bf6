using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>Creating, replacing and deleting a bridge, and a new ingest token.</summary>
public static partial class BridgesApi
{
    private static async Task<IResult> CreateAsync(BridgeInput input, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        var (bridge, token, errors) = await bridges.CreateAsync(actor, BridgeDtoMapping.Draft(input), cancellationToken);
        if (bridge is null || token is null)
        {
            return ApiProblems.Invalid(errors);
        }

        return TypedResults.Created($"/api/v1/bridges/{bridge.Id}", new BridgeCreatedDto(BridgeDtoMapping.Dto(bridge, actor, bridges, registry), token));
    }

    private static async Task<IResult> UpdateAsync(Guid id, BridgeInput input, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        var errors = await bridges.UpdateAsync(actor, id, BridgeDtoMapping.Draft(input), cancellationToken);
        return errors.Count > 0 ? ApiProblems.Invalid(errors) : TypedResults.Ok(BridgeDtoMapping.Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, BridgeService bridges, CancellationToken cancellationToken)
    {
        await bridges.DeleteAsync(new Actor(http.User), id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IngestTokenDto> RegenerateTokenAsync(Guid id, HttpContext http, BridgeService bridges, CancellationToken cancellationToken) =>
        new(await bridges.RegenerateTokenAsync(new Actor(http.User), id, cancellationToken));
}

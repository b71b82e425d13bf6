using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Monitoring;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>The bridges endpoints: reading is for every user, changing for Operators and Admins.</summary>
public static partial class BridgesApi
{
    public static void MapBridgesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/bridges").WithTags("Bridges");
        group.MapGet("", ListAsync).WithSummary("Bridges you may see, with 24-hour counts");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One bridge's configuration and state");
        group.MapGet("/{id:guid}/stats", StatsAsync).WithSummary("Counts by status and module, last sync");
        var change = group.MapGroup("").RequireAuthorization(BridgePolicies.Operator);
        change.MapPost("", CreateAsync).WithSummary("Create a stopped bridge; the answer holds its ingest token, shown once")
            .Produces<BridgeCreatedDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        change.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replace a bridge's configuration").Produces<BridgeDto>().ProducesValidationProblem();
        change.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a bridge and its records").Produces(StatusCodes.Status204NoContent);
        change.MapPost("/{id:guid}/start", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            SetStateAsync(id, BridgeState.Running, http, bridges, registry, ct)).WithName("StartBridge").WithSummary("Start streaming");
        change.MapPost("/{id:guid}/stop", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            SetStateAsync(id, BridgeState.Stopped, http, bridges, registry, ct)).WithName("StopBridge").WithSummary("Stop streaming (inbound records are still stored)");
        change.MapPost("/{id:guid}/poll", PollAsync).WithSummary("Poll the source once, now (polling sources only)")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict);
        change.MapPost("/{id:guid}/pause", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            ChangeAsync(id, http, bridges, registry, bridges.PauseAsync, ct)).WithName("PauseBridge").WithSummary("Pause delivery until resumed (records are still taken in)");
        change.MapPost("/{id:guid}/resume", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            ChangeAsync(id, http, bridges, registry, bridges.ResumeAsync, ct)).WithName("ResumeBridge").WithSummary("Resume a paused bridge; records waiting for a retry are due at once");
        change.MapPost("/{id:guid}/token", RegenerateTokenAsync).WithSummary("A new ingest token, shown once; the old one stops working");
    }

    private static async Task<IReadOnlyList<BridgeSummary>> ListAsync(HttpContext http, BridgeService bridges, CancellationToken cancellationToken) =>
        await bridges.ListAsync(new Actor(http.User), cancellationToken);

    private static async Task<BridgeDto> GetAsync(Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        return BridgeDtoMapping.Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry);
    }

    private static async Task<BridgeStatus> StatsAsync(Guid id, HttpContext http, BridgeService bridges, BridgeStats stats, CancellationToken cancellationToken) =>
        await stats.StatusAsync(await bridges.GetAsync(new Actor(http.User), id, cancellationToken), cancellationToken);
}

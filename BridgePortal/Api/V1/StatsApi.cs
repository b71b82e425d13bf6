using BridgePortal.Monitoring;
using BridgePortal.Identity;

namespace BridgePortal.Api.V1;

public static class StatsApi
{
    public static void MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", StatsAsync).WithTags("Stats").WithSummary("The dashboard's numbers over a window, for the bridges you may see");
        api.MapGet("/audit", AuditAsync).WithTags("Audit").WithSummary("Audit entries you may see, newest first").Produces<AuditPage>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<DashboardSnapshot> StatsAsync(HttpContext http, DashboardStats stats, CancellationToken cancellationToken, StatsWindow window = StatsWindow.Last24Hours) =>
        await stats.SnapshotAsync(new Actor(http.User), window, cancellationToken);

    private static async Task<IResult> AuditAsync(
        HttpContext http, DashboardStats stats, CancellationToken cancellationToken,
        Guid? bridgeId = null, string? action = null, string? search = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int skip = 0, int take = 50)
    {
        if (ApiProblems.CheckPage(skip, take) is { } pageError)
        {
            return ApiProblems.BadRequest(pageError);
        }

        var filter = new AuditFilter(bridgeId, action, search, from?.UtcDateTime, to?.UtcDateTime);
        return TypedResults.Ok(await stats.AuditAsync(new Actor(http.User), filter, skip, take, cancellationToken));
    }
}

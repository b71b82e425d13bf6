using System.Text.Json;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>Searching and reading records; the actions that change them are in the other part.</summary>
public static partial class RecordsApi
{
    public static void MapRecordsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/records").WithTags("Records");
        group.MapGet("", SearchAsync).WithSummary("Search records by bridge, status, natural id, error text and received time, newest first")
            .Produces<RecordListDto>().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", GetAsync).WithSummary("One record with its payload and attempts").Produces<RecordDetailDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/retry", RetryAsync).WithSummary("Make Failed/DeadLettered records Pending again with a fresh retry budget").Produces<RecordActionResult>()
            .RequireAuthorization(BridgePolicies.Operator);
        group.MapPost("/discard", DiscardAsync).WithSummary("Discard Failed/DeadLettered records").Produces<RecordActionResult>().RequireAuthorization(BridgePolicies.Operator);
        api.MapPost("/bridges/{id:guid}/replay", ReplayAsync).WithTags("Records")
            .WithSummary("Send a bridge's records received in [from, to) again").Produces<ReplayResult>().RequireAuthorization(BridgePolicies.Operator);
    }

    private static async Task<IResult> SearchAsync(
        HttpContext http, RecordSearch search, CancellationToken cancellationToken,
        Guid? bridgeId = null, RecordStatus[]? status = null, string? naturalId = null, string? error = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int skip = 0, int take = 50)
    {
        if (ApiProblems.CheckPage(skip, take) is { } pageError)
        {
            return ApiProblems.BadRequest(pageError);
        }

        var query = new RecordQuery(bridgeId, status, naturalId, error, from?.UtcDateTime, to?.UtcDateTime);
        var page = await search.SearchAsync(new Actor(http.User), query, skip, take, cancellationToken);
        return TypedResults.Ok(new RecordListDto(page.Total, page.Rows));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext http, RecordSearch search, CancellationToken cancellationToken)
    {
        var detail = await search.GetAsync(new Actor(http.User), id, cancellationToken);
        if (detail is null)
        {
            return ApiProblems.NotFound("No such record.");
        }

        var attempts = detail.Attempts.Select(a => new AttemptDto(a.StartedAt, a.DurationMs, a.Outcome, a.HttpStatus, a.Error, a.RetryAt)).ToList();
        return TypedResults.Ok(new RecordDetailDto(detail.Record, Parse(detail.Payload), attempts));
    }

    private static JsonElement? Parse(string? payload)
    {
        if (payload is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(payload);
        }
    }
}

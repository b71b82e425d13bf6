using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>Retrying, discarding and replaying records: Operators and Admins, on what they may change.</summary>
public static partial class RecordsApi
{
    private static async Task<IResult> RetryAsync(RecordSelection selection, HttpContext http, RecordService records, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        if (selection.Ids is { Count: > 0 } ids)
        {
            return TypedResults.Ok(new RecordActionResult(await records.RetryAsync(actor, ids, cancellationToken)));
        }

        return selection.BridgeId is { } bridgeId
            ? TypedResults.Ok(new RecordActionResult(await records.RetryMatchingAsync(actor, new RecordFilter(bridgeId, RecordService.FailedStatuses), cancellationToken)))
            : ApiProblems.BadRequest("Give the record 'ids', or a 'bridgeId' to retry all its failed records.");
    }

    private static async Task<IResult> DiscardAsync(RecordSelection selection, HttpContext http, RecordService records, CancellationToken cancellationToken) =>
        selection.Ids is { Count: > 0 } ids
            ? TypedResults.Ok(new RecordActionResult(await records.DiscardAsync(new Actor(http.User), ids, cancellationToken)))
            : ApiProblems.BadRequest("Give the 'ids' of the records to discard.");

    private static async Task<IResult> ReplayAsync(Guid id, ReplayRange range, HttpContext http, RecordReplay replay, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await replay.ReplayAsync(new Actor(http.User), id, range.From.UtcDateTime, range.To.UtcDateTime, cancellationToken));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }
}

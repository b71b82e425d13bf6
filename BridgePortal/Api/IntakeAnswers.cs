using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Engine;

namespace BridgePortal.Api;

/// <summary>What <c>/api/ingest</c> and <c>/hooks</c> both answer: the stored records after commit, or a body over the bridge's limit.</summary>
internal static class IntakeAnswers
{
    public static IResult Accepted(Bridge bridge, IReadOnlyList<IntakeResult> results) =>
        Results.Json(
            new
            {
                bridge = bridge.Key,
                records = results.Select(r => new { id = r.RecordId, naturalId = r.NaturalId, disposition = r.Disposition.ToString().ToLowerInvariant() }),
            },
            statusCode: StatusCodes.Status202Accepted);

    public static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
            detail: $"The body exceeds the limit of {limit} bytes ({BodyLimits.Megabytes(limit)} MB) of this bridge; its source setting 'Max body (MB)' changes it.");
}

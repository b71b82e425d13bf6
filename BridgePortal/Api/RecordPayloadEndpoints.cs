using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Api;

/// <summary>
/// <c>GET /records/{id}/payload</c>: one record's whole stored payload as a file, for the signed-in user who may see
/// the record (portal cookie, <see cref="RecordService"/>'s visibility rules). The payload dialogs show only an
/// excerpt of a large payload (a 5 MB field must not travel through the circuit); this is where the rest is.
/// </summary>
public static class RecordPayloadEndpoints
{
    public static string UrlFor(long recordId) => $"/records/{recordId}/payload";

    public static void MapRecordPayload(this WebApplication app) =>
        app.MapGet("/records/{id:long}/payload", DownloadAsync).RequireAuthorization();

    private static async Task<IResult> DownloadAsync(HttpContext http, RecordService records, long id, CancellationToken cancellationToken)
    {
        var payload = await records.PayloadAsync(new Actor(http.User), id, cancellationToken);
        if (payload is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No payload",
                detail: $"Record {id} does not exist, is not yours to see, or its payload was purged after the retention window.");
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"record-{id}-payload.json\"";
        return Results.Text(payload, "application/json; charset=utf-8");
    }
}

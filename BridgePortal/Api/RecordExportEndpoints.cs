using System.Globalization;
using System.Text.Json;
using CsvHelper;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Api;

/// <summary>
/// <c>GET /records/export?format=csv|json&amp;…</c>: the Failed page's filtered list as a file, for the signed-in
/// user (portal cookie) with the same visibility rules as the page (<see cref="RecordService"/>). Payloads are
/// not included: they may carry personal data and can be large; the list is what an operator shares.
/// </summary>
public static class RecordExportEndpoints
{
    public static void MapRecordExport(this WebApplication app) =>
        app.MapGet("/records/export", ExportAsync).RequireAuthorization();

    private static async Task<IResult> ExportAsync(HttpContext http, RecordService records, string? format, CancellationToken cancellationToken)
    {
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "json"))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown export format",
                detail: $"format must be 'csv' or 'json', not '{format}'.");
        }

        var actor = new Actor(http.User);
        var filter = RecordFilterQuery.Parse(key => http.Request.Query[key].FirstOrDefault(), RecordService.FailedStatuses);
        var rows = records.ExportAsync(actor, filter);
        var name = $"records-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{format}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        if (format == "json")
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(http.Response.Body, rows, JsonSerializerOptions.Web, cancellationToken);
            return Results.Empty;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        await csv.WriteRecordsAsync(rows, cancellationToken);
        return Results.Empty;
    }
}

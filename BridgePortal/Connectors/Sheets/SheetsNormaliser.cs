using System.Text.Json.Nodes;

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Sheets;

/// <summary>
/// A Google Sheets Apps Script post → one <c>effort</c> document per row, by sheet + row id. The script sends
/// <c>{spreadsheet_id?, sheet, rows: [{row_id, member, date, hours, activity, …}]}</c> (or one row's fields at the top).
/// </summary>
public static class SheetsNormaliser
{
    public const string Source = "sheets";

    /// <summary>The documents, or the reason the body is refused (a row without its id).</summary>
    public static (IReadOnlyList<WebhookDocument> Documents, string? Error) Normalise(JsonNode payload, ReadOnlyMemory<byte> body, WebhookMetadata meta)
    {
        var sheet = payload.Text("sheet");
        var rows = payload.At("rows") is JsonArray array ? array.ToList() : payload.At("row_id") is not null ? [payload] : null;
        if (sheet is null || rows is null)
        {
            return ([WebhookDocument.Raw(Source, payload.Text("event") ?? "unknown", null, body, payload, meta)], null);
        }

        var spreadsheet = payload.Text("spreadsheet_id");
        var documents = new List<WebhookDocument>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not JsonObject row || row.Text("row_id") is not { Length: > 0 } rowId)
            {
                return ([], $"Row {i} has no row_id: each row needs a stable id (e.g. the sheet's row number or an id column).");
            }

            var data = new JsonObject
            {
                ["spreadsheet_id"] = spreadsheet,
                ["sheet"] = sheet,
                ["row_id"] = rowId,
                ["member"] = row.Text("member"),
                ["date"] = row.Text("date"),
                ["hours"] = row.Copy("hours"),
                ["activity"] = row.Text("activity"),
                ["values"] = row.DeepClone(),
            };
            var id = spreadsheet is null ? $"{sheet}:{rowId}" : $"{spreadsheet}:{sheet}:{rowId}";
            documents.Add(new("effort", id, Source, payload.Text("event") ?? "row", meta.Prj, meta.QualityModel,
                row.Time("date"), row.Text("member"), row.Text("activity"), null, null, sheet, data));
        }

        return (documents, null);
    }
}

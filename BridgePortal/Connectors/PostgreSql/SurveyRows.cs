using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.CommCare;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>Reads a routed form into its rows; <see cref="FormatException"/> with the precise reason when it cannot be stored.</summary>
public static class SurveyRows
{
    public static WetMillRow WetMill(CommCareForm form, SurveySinkSettings settings)
    {
        RefuseNul(form);
        var caseBlock = form.Fields["case"] as JsonObject;
        var caseId = Text(caseBlock?["@case_id"]) ?? form.CaseIds.FirstOrDefault()
            ?? throw new FormatException($"Wet-mill registration form '{form.Id}' has no case block (form.case.@case_id): wetmills rows are keyed by the wet mill's case id, so the form must register (create) the wet-mill case.");
        var columns = new Dictionary<string, string?>();
        foreach (var (column, path) in settings.WetMillAnswers)
        {
            var leaf = path.Split('/')[^1];
            columns[column] = Trimmed(AnswerPaths.TextAt(form.Fields, path))
                ?? Text(caseBlock?["update"]?[leaf])
                ?? (column == "wetmill_name" ? Text(caseBlock?["create"]?["case_name"]) : null);
        }

        var gps = columns.GetValueOrDefault("gps") is { } g ? AnswerInference.Gps(g) : null;
        columns.Remove("gps");
        var meta = form.Fields["meta"] as JsonObject;
        return new WetMillRow(caseId, columns, gps, Time(meta?["timeEnd"]) ?? form.ReceivedOn, Text(meta?["userID"]), form.Id, form.Xmlns, form.ReceivedOn, form.Root.ToJsonString());
    }

    public static VisitRow Visit(CommCareForm form, SurveySinkSettings settings)
    {
        RefuseNul(form);
        var caseId = (settings.VisitCaseAnswer is { } path ? Trimmed(AnswerPaths.TextAt(form.Fields, path)) : null)
            ?? Text(form.Fields["case"]?["@case_id"]) ?? form.CaseIds.FirstOrDefault()
            ?? throw new FormatException($"Wet-mill visit form '{form.Id}' names no wet mill: it has no case block (form.case.@case_id)"
                + (settings.VisitCaseAnswer is { } p ? $" and no answer at '{p}'." : ". Set 'Wet-mill case id answer' if the form carries the case id in a question."));
        var answers = settings.Answers.Flatten(form.Fields);
        var meta = form.Fields["meta"] as JsonObject;
        return new VisitRow(form.Id, form.Xmlns, form.Name, caseId, Text(meta?["userID"]), Text(meta?["username"]),
            Time(meta?["timeStart"]), Time(meta?["timeEnd"]), form.ReceivedOn, form.Root.ToJsonString(), answers, Digest(caseId, answers));
    }

    // PostgreSQL stores no U+0000 in text or jsonb: name the answer instead of failing the whole statement.
    private static void RefuseNul(CommCareForm form)
    {
        if (FindNul(form.Root, "") is { } path)
        {
            throw new FormatException($"Form '{form.Id}' has a NUL character (U+0000) at '{path}', which PostgreSQL cannot store: correct the answer in CommCare (the edit is forwarded again).");
        }
    }

    private static string? FindNul(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.Select(p => p.Key.Contains('\0') ? path : FindNul(p.Value, path.Length == 0 ? p.Key : $"{path}/{p.Key}")).FirstOrDefault(p => p is not null),
        JsonArray a => a.Select((n, i) => FindNul(n, $"{path}[{i + 1}]")).FirstOrDefault(p => p is not null),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Contains('\0') => path,
        _ => null,
    };

    private static string Digest(string caseId, IReadOnlyList<SurveyAnswer> answers)
    {
        var text = new StringBuilder(caseId).Append('\n');
        foreach (var a in answers)
        {
            text.Append(a.Path).Append('\t').Append(a.Value.TypeName).Append('\t').Append(a.Value.Text).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? Trimmed(v.ToString()) : null;

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : null;
}

using System.Globalization;
using BridgePortal.Data.Model;

namespace BridgePortal.Bridges;

/// <summary>
/// A record filter as URL query parameters, so a filtered Failed page can be shared and exported:
/// <c>bridge</c> (id), <c>status</c> (comma list), <c>q</c> (natural id), <c>error</c>, <c>from</c>/<c>to</c> (UTC, ISO 8601).
/// Unknown or malformed values are ignored rather than failing the page.
/// </summary>
public static class RecordFilterQuery
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm";

    public static RecordFilter Parse(Func<string, string?> get, IReadOnlyCollection<RecordStatus> defaultStatuses)
    {
        var statuses = (get("status") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<RecordStatus>(s, ignoreCase: true, out var status) ? status : (RecordStatus?)null)
            .OfType<RecordStatus>().Distinct().ToList();
        return new RecordFilter(
            Guid.TryParse(get("bridge"), out var bridge) ? bridge : null,
            statuses.Count > 0 ? statuses : defaultStatuses,
            Blank(get("q")),
            Blank(get("error")),
            Time(get("from")),
            Time(get("to")));
    }

    /// <summary>The query parameters of <paramref name="filter"/> (null values: left out of the URL).</summary>
    public static Dictionary<string, object?> ToQuery(RecordFilter filter, IReadOnlyCollection<RecordStatus> defaultStatuses) => new()
    {
        ["bridge"] = filter.BridgeId?.ToString(),
        ["status"] = filter.Statuses is { Count: > 0 } s && !s.ToHashSet().SetEquals(defaultStatuses) ? string.Join(",", s.Select(x => x.ToString().ToLowerInvariant())) : null,
        ["q"] = Blank(filter.Search),
        ["error"] = Blank(filter.Error),
        ["from"] = Format(filter.From),
        ["to"] = Format(filter.To),
    };

    public static string? Format(DateTime? at) => at?.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTime? Time(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

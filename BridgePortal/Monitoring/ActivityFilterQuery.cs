using BridgePortal.Bridges;

namespace BridgePortal.Monitoring;

/// <summary>
/// The Logs page's filter as URL query parameters, as on the Failed page (<see cref="RecordFilterQuery"/>): <c>level</c>
/// (info, warning, error), <c>bridge</c> (id), <c>q</c> (text), <c>from</c>/<c>to</c> (UTC, ISO 8601). Malformed values are ignored.
/// </summary>
public static class ActivityFilterQuery
{
    public static ActivityFilter Parse(Func<string, string?> get) => new(
        Enum.TryParse<ActivityLevel>(get("level"), ignoreCase: true, out var level) && Enum.IsDefined(level) ? level : null,
        Guid.TryParse(get("bridge"), out var bridge) ? bridge : null,
        string.IsNullOrWhiteSpace(get("q")) ? null : get("q")!.Trim(),
        RecordFilterQuery.Time(get("from")),
        RecordFilterQuery.Time(get("to")));

    public static Dictionary<string, object?> ToQuery(ActivityFilter filter) => new()
    {
        ["level"] = filter.Level?.ToString().ToLowerInvariant(),
        ["bridge"] = filter.BridgeId?.ToString(),
        ["q"] = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim(),
        ["from"] = RecordFilterQuery.Format(filter.From),
        ["to"] = RecordFilterQuery.Format(filter.To),
    };
}

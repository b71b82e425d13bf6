namespace BridgePortal.Connectors.Abstractions;

/// <summary>Setting names the engine itself reads from a polling source's settings.</summary>
public static class PollSettings
{
    public const string IntervalMinutes = "PollIntervalMinutes";
    public const int DefaultIntervalMinutes = 1;

    public static SettingField IntervalField { get; } =
        new(IntervalMinutes, "Poll interval (minutes)", Help: "How often to poll while the bridge is running (1–1440; default 1)");

    public static int Interval(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(IntervalMinutes, out var v) && int.TryParse(v, out var minutes) && minutes is >= 1 and <= 1440 ? minutes : DefaultIntervalMinutes;

    public static string? Validate(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(IntervalMinutes, out var v) && !string.IsNullOrWhiteSpace(v) && !(int.TryParse(v, out var m) && m is >= 1 and <= 1440)
            ? "The poll interval is a whole number of minutes from 1 to 1440."
            : null;
}

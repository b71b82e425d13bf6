using System.Globalization;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// How large a request body a bridge accepts. Each receiver's default covers what its sender documents (GitHub sends
/// up to 25 MB and never redelivers, so a lower limit loses events; docs/receivers.md lists each); a bridge may set its
/// own in the source setting <see cref="Setting"/>, in MB of 1,048,576 bytes.
/// </summary>
public static class BodyLimits
{
    public const string Setting = "MaxBodyMB";
    public const long MiB = 1024 * 1024;

    /// <summary>The default of a receiver whose sender documents no limit.</summary>
    public const long DefaultBytes = 10 * MiB;

    /// <summary>The largest limit a bridge may set: bodies are held in memory once while they are verified and parsed.</summary>
    public const double MaxMegabytes = 100;

    public static SettingField Field(long defaultBytes, string? defaultNote = null) => new(
        Setting,
        "Max body (MB)",
        Help: $"Largest request body this bridge accepts, in MB (default {Megabytes(defaultBytes)}{defaultNote}; at most {MaxMegabytes}); a larger one is refused with 413");

    /// <summary>The bridge's own limit in bytes, else <paramref name="defaultBytes"/>.</summary>
    public static long Resolve(IReadOnlyDictionary<string, string> settings, long defaultBytes) =>
        Parse(settings) is { } megabytes ? (long)(megabytes * MiB) : defaultBytes;

    /// <summary>Why the bridge's setting is unusable, or null (an empty setting means the default).</summary>
    public static string? Validate(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(Setting, out var v) && !string.IsNullOrWhiteSpace(v) && Parse(settings) is null
            ? $"Max body is a number of MB greater than 0 and at most {MaxMegabytes} (e.g. 25 or 0.5)."
            : null;

    public static string Megabytes(long bytes) => (bytes / (double)MiB).ToString("0.##", CultureInfo.InvariantCulture);

    private static double? Parse(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(Setting, out var v)
        && double.TryParse(v.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var megabytes)
        && megabytes * MiB >= 1 && megabytes <= MaxMegabytes
            ? megabytes
            : null;
}

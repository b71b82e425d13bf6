using BridgePortal.Connectors;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Data.Model;

namespace BridgePortal.Engine;

/// <summary>
/// A kind of source a bridge can have, with its settings form. A source kind may poll (an
/// <see cref="IPollingSource"/> of the same kind), receive webhooks (an <see cref="IWebhookReceiver"/>), or both.
/// With <paramref name="ConnectionOptional"/> a bridge may have a source connection of the kind, or none (e.g. a
/// webhook whose connection only serves an extra action such as a back-fill).
/// </summary>
public sealed record SourceKind(string Kind, string DisplayName, ConnectionKind? ConnectionKind, IReadOnlyList<SettingField> SettingsFields, bool ConnectionOptional = false);

public static class SourceKinds
{
    public static readonly SourceKind Ingest = new(
        IngestSource.Kind,
        "Ingest API (POST /api/ingest/{key})",
        null,
        [
            new(IngestSource.NaturalIdPath, "Natural id path", Help: "Dotted JSON path of each record's id, e.g. session_id or data.id; else the Idempotency-Key header, else generated"),
            BodyLimits.Field(1048576, ", or Engine:MaxIngestBodyBytes"),
        ]);
}

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

using BridgePortal.Connectors;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Engine.Model;

namespace BridgePortal.Engine;

/// <summary>A kind of source a bridge can have, with its settings form.</summary>
public sealed record SourceKind(string Kind, string DisplayName, ConnectionKind? ConnectionKind, IReadOnlyList<SettingField> SettingsFields);

public static class SourceKinds
{
    public static readonly SourceKind Ingest = new(
        IngestSource.Kind,
        "Ingest API (POST /api/ingest/{key})",
        null,
        [new(IngestSource.NaturalIdPath, "Natural id path", Help: "Dotted JSON path of each record's id, e.g. session_id or data.id; else the Idempotency-Key header, else generated")]);

    public static IReadOnlyList<SourceKind> All { get; } = [Ingest];

    public static SourceKind? Find(string kind) => All.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.OrdinalIgnoreCase));
}

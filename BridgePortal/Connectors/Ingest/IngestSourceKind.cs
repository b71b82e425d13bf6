using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Ingest;

/// <summary>The ingest API as a source kind: listed first on the bridge form.</summary>
public static class IngestSourceKind
{
    public static readonly SourceKind Ingest = new(
        IngestSource.Kind,
        "Ingest API (POST /api/ingest/{key})",
        null,
        [
            new(IngestSource.NaturalIdPath, "Natural id path", Help: "Dotted JSON path of each record's id, e.g. session_id or data.id; else the Idempotency-Key header, else generated"),
            BodyLimits.Field(1048576, ", or Engine:MaxIngestBodyBytes"),
        ],
        ListedFirst: true);
}

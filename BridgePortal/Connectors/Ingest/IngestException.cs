namespace BridgePortal.Connectors.Ingest;

/// <summary>A request the ingest API refuses with 400 and the message.</summary>
public sealed class IngestException(string message) : Exception(message);

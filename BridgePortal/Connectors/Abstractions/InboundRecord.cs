namespace BridgePortal.Connectors.Abstractions;

/// <summary>One record as a source hands it to the engine's intake: natural id, JSON payload, optional module.</summary>
public sealed record InboundRecord(string NaturalId, string Payload, string? Module = null);

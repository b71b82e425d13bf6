namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// How a settled batch's records ended, by natural id: <see cref="Delivered"/>, and every other record in
/// <see cref="Failed"/> with its last error.
/// </summary>
public sealed record BatchOutcome(IReadOnlyList<string> Delivered, IReadOnlyList<FailedRecord> Failed);

/// <summary>
/// A record of a settled batch that was not delivered. <see cref="GaveUpTransient"/>: it is Failed or dead-lettered
/// and its last attempt was not a permanent refusal (the sink looked unreachable rather than saying no).
/// </summary>
public sealed record FailedRecord(string NaturalId, string? LastError, bool GaveUpTransient);

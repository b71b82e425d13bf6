namespace BridgePortal.Engine;

/// <summary>One record as a source hands it to <see cref="Intake"/>: natural id, JSON payload, optional module.</summary>
public sealed record InboundRecord(string NaturalId, string Payload, string? Module = null);

public enum IntakeDisposition
{
    /// <summary>A new natural id.</summary>
    Accepted,

    /// <summary>A known natural id with changed content: Pending again.</summary>
    Updated,

    /// <summary>A known natural id with the same content: nothing changed.</summary>
    Unchanged,
}

public sealed record IntakeResult(long RecordId, string NaturalId, IntakeDisposition Disposition);

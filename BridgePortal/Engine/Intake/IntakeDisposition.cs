namespace BridgePortal.Engine;

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

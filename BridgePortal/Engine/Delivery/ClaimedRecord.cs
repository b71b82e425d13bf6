namespace BridgePortal.Engine;

/// <summary>A record as a claim returns it: what delivery needs, read in the claim's own round trip.</summary>
internal sealed class ClaimedRecord
{
    public long Id { get; set; }

    public string NaturalId { get; set; } = "";

    public string? Payload { get; set; }

    public int Version { get; set; }

    /// <summary>Attempts made before this one.</summary>
    public int Attempts { get; set; }

    public DateTime ReceivedAt { get; set; }
}

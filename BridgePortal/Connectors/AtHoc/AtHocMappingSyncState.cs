namespace BridgePortal.Connectors.AtHoc;

/// <summary>Sync tracking of one AtHoc connection's mapping table: the last run (type, when, status) and the last success.</summary>
public sealed class AtHocMappingSyncState
{
    public Guid ConnectionId { get; set; }

    /// <summary>What started the last run: <see cref="AtHocMappingSync.Scheduled"/> or <see cref="AtHocMappingSync.Manual"/>.</summary>
    public string? LastType { get; set; }

    public DateTime? LastRunAt { get; set; }

    public AtHocSyncStatus? LastStatus { get; set; }

    public string? LastMessage { get; set; }

    public int? LastUserCount { get; set; }

    public DateTime? LastSuccessAt { get; set; }
}

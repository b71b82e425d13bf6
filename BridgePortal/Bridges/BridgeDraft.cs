using BridgePortal.Data.Model;

namespace BridgePortal.Bridges;

/// <summary>What a bridge form (or the management API) submits.</summary>
public sealed record BridgeDraft(
    string Name,
    string SourceKind,
    Guid? SourceConnectionId,
    Dictionary<string, string> SourceSettings,
    string SinkKind,
    Guid? SinkConnectionId,
    Dictionary<string, string> SinkSettings,
    string? MappingJson,
    int MaxRetries = 3,
    Dictionary<string, string>? SourceSecrets = null,
    SinkProtectionSettings? Protection = null);

/// <summary>A row of the bridge list: 24-hour record counts and the state.</summary>
public sealed record BridgeSummary(
    Guid Id, string Key, string Name, string? OwnerName, BridgeState State, string SourceKind, string SinkKind,
    int Received24h, int Delivered24h, int Failed24h, int Pending, DateTime? LastSyncAt, bool Editable,
    DateTime? PausedAt = null, string? PauseReason = null);

using BridgePortal.Data.Model;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>A bridge's configuration and state. Of the source's secrets only "set" or "not set"; the ingest token is never shown again.</summary>
public sealed record BridgeDto(
    Guid Id, string Key, string Name, string OwnerId, BridgeState State,
    string SourceKind, Guid? SourceConnectionId, IReadOnlyDictionary<string, string> SourceSettings, IReadOnlyDictionary<string, string> SourceSecrets,
    string SinkKind, Guid? SinkConnectionId, IReadOnlyDictionary<string, string> SinkSettings, string? Mapping, int MaxRetries,
    string IngestPath, string HookPath, string? SourceCursor, DateTime? LastPollAt, int? LastPollFetched, string? LastPollError,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastSyncAt, bool Editable,
    BridgePauseDto Pause, SinkProtectionSettings Protection);

/// <summary>Whether delivery is paused, since when and why, whether by a user, and when the breaker probes next.</summary>
public sealed record BridgePauseDto(bool Paused, DateTime? Since, string? Reason, bool Manual, DateTime? NextProbeAt);

/// <summary>Create or replace a bridge. A source secret left out or empty keeps the stored value.</summary>
public sealed record BridgeInput(
    string Name, string SourceKind, Guid? SourceConnectionId, Dictionary<string, string>? SourceSettings, Dictionary<string, string>? SourceSecrets,
    string SinkKind, Guid? SinkConnectionId, Dictionary<string, string>? SinkSettings, string? Mapping, int? MaxRetries,
    SinkProtectionSettings? Protection = null);

/// <summary>The new bridge, and its ingest token: shown this once.</summary>
public sealed record BridgeCreatedDto(BridgeDto Bridge, string IngestToken);

public sealed record IngestTokenDto(string IngestToken);

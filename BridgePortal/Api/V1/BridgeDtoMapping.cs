using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>Between the API's shapes and the engine's: secrets only as "set" or "not set".</summary>
internal static class BridgeDtoMapping
{
    public static BridgeDraft Draft(BridgeInput input) => new(
        input.Name ?? "", input.SourceKind ?? "", input.SourceConnectionId, input.SourceSettings ?? [],
        input.SinkKind ?? "", input.SinkConnectionId, input.SinkSettings ?? [], input.Mapping, input.MaxRetries ?? 3, input.SourceSecrets, input.Protection);

    public static BridgeDto Dto(Bridge b, Actor actor, BridgeService bridges, ConnectorRegistry registry)
    {
        var set = bridges.SourceSecretsSet(b);
        var secrets = (registry.FindSource(b.SourceKind)?.SettingsFields ?? []).Where(f => f.Secret)
            .ToDictionary(f => f.Name, f => set.Contains(f.Name) ? "set" : "not set");
        return new BridgeDto(
            b.Id, b.Key, b.Name, b.OwnerId, b.State,
            b.SourceKind, b.SourceConnectionId, SettingsJson.Read(b.SourceSettingsJson), secrets,
            b.SinkKind, b.SinkConnectionId, SettingsJson.Read(b.SinkSettingsJson), b.MappingJson, b.MaxRetries,
            $"/api/ingest/{b.Key}", $"/hooks/{b.Key}", b.SourceCursor, b.LastPollAt, b.LastPollFetched, b.LastPollError,
            b.CreatedAt, b.UpdatedAt, b.LastSyncAt, actor.CanChange(b.OwnerId),
            new BridgePauseDto(b.PausedAt is not null, b.PausedAt, b.PauseReason, b.PausedManually, b.ProbeAt), SinkProtectionSettings.Of(b));
    }
}

using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Monitoring;
using BridgePortal.Connectors.Abstractions;
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

public static class BridgesApi
{
    public static void MapBridgesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/bridges").WithTags("Bridges");
        group.MapGet("", ListAsync).WithSummary("Bridges you may see, with 24-hour counts");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One bridge's configuration and state");
        group.MapGet("/{id:guid}/stats", StatsAsync).WithSummary("Counts by status and module, last sync");
        var change = group.MapGroup("").RequireAuthorization(BridgePolicies.Operator);
        change.MapPost("", CreateAsync).WithSummary("Create a stopped bridge; the answer holds its ingest token, shown once")
            .Produces<BridgeCreatedDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        change.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replace a bridge's configuration").Produces<BridgeDto>().ProducesValidationProblem();
        change.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a bridge and its records").Produces(StatusCodes.Status204NoContent);
        change.MapPost("/{id:guid}/start", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            SetStateAsync(id, BridgeState.Running, http, bridges, registry, ct)).WithName("StartBridge").WithSummary("Start streaming");
        change.MapPost("/{id:guid}/stop", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            SetStateAsync(id, BridgeState.Stopped, http, bridges, registry, ct)).WithName("StopBridge").WithSummary("Stop streaming (inbound records are still stored)");
        change.MapPost("/{id:guid}/poll", PollAsync).WithSummary("Poll the source once, now (polling sources only)")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict);
        change.MapPost("/{id:guid}/pause", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            ChangeAsync(id, http, bridges, registry, bridges.PauseAsync, ct)).WithName("PauseBridge").WithSummary("Pause delivery until resumed (records are still taken in)");
        change.MapPost("/{id:guid}/resume", (Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken ct) =>
            ChangeAsync(id, http, bridges, registry, bridges.ResumeAsync, ct)).WithName("ResumeBridge").WithSummary("Resume a paused bridge; records waiting for a retry are due at once");
        change.MapPost("/{id:guid}/token", RegenerateTokenAsync).WithSummary("A new ingest token, shown once; the old one stops working");
    }

    private static async Task<IReadOnlyList<BridgeSummary>> ListAsync(HttpContext http, BridgeService bridges, CancellationToken cancellationToken) =>
        await bridges.ListAsync(new Actor(http.User), cancellationToken);

    private static async Task<BridgeDto> GetAsync(Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        return Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry);
    }

    private static async Task<BridgeStatus> StatsAsync(Guid id, HttpContext http, BridgeService bridges, BridgeStats stats, CancellationToken cancellationToken) =>
        await stats.StatusAsync(await bridges.GetAsync(new Actor(http.User), id, cancellationToken), cancellationToken);

    private static async Task<IResult> CreateAsync(BridgeInput input, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        var (bridge, token, errors) = await bridges.CreateAsync(actor, Draft(input), cancellationToken);
        if (bridge is null || token is null)
        {
            return ApiProblems.Invalid(errors);
        }

        return TypedResults.Created($"/api/v1/bridges/{bridge.Id}", new BridgeCreatedDto(Dto(bridge, actor, bridges, registry), token));
    }

    private static async Task<IResult> UpdateAsync(Guid id, BridgeInput input, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        var errors = await bridges.UpdateAsync(actor, id, Draft(input), cancellationToken);
        return errors.Count > 0 ? ApiProblems.Invalid(errors) : TypedResults.Ok(Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, BridgeService bridges, CancellationToken cancellationToken)
    {
        await bridges.DeleteAsync(new Actor(http.User), id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<BridgeDto> SetStateAsync(Guid id, BridgeState state, HttpContext http, BridgeService bridges, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        await bridges.SetStateAsync(actor, id, state, cancellationToken);
        return Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry);
    }

    private static async Task<BridgeDto> ChangeAsync(
        Guid id, HttpContext http, BridgeService bridges, ConnectorRegistry registry, Func<Actor, Guid, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        await change(actor, id, cancellationToken);
        return Dto(await bridges.GetAsync(actor, id, cancellationToken), actor, bridges, registry);
    }

    private static async Task<IResult> PollAsync(Guid id, HttpContext http, BridgeService bridges, CancellationToken cancellationToken)
    {
        try
        {
            await bridges.PollNowAsync(new Actor(http.User), id, cancellationToken);
            return TypedResults.Accepted((string?)null);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Conflict(e.Message);
        }
    }

    private static async Task<IngestTokenDto> RegenerateTokenAsync(Guid id, HttpContext http, BridgeService bridges, CancellationToken cancellationToken) =>
        new(await bridges.RegenerateTokenAsync(new Actor(http.User), id, cancellationToken));

    private static BridgeDraft Draft(BridgeInput input) => new(
        input.Name ?? "", input.SourceKind ?? "", input.SourceConnectionId, input.SourceSettings ?? [],
        input.SinkKind ?? "", input.SinkConnectionId, input.SinkSettings ?? [], input.Mapping, input.MaxRetries ?? 3, input.SourceSecrets, input.Protection);

    private static BridgeDto Dto(Bridge b, Actor actor, BridgeService bridges, ConnectorRegistry registry)
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

using BridgePortal.Connectors;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Api.V1;

/// <summary>A connection as the API shows it: settings to its owner only, and of each secret only "set" or "not set".</summary>
public sealed record ConnectionDto(
    Guid Id, ConnectionKind Kind, string Name, string OwnerId, string? OwnerName,
    IReadOnlyDictionary<string, string>? Settings, IReadOnlyDictionary<string, string>? Secrets,
    DateTime? LastTestedAt, bool? LastTestSucceeded, string? LastTestMessage, int? LastTestLatencyMs, bool Editable);

/// <summary>Create or replace a connection. On edit, a secret left out or empty keeps the stored value.</summary>
public sealed record ConnectionInput(ConnectionKind? Kind, string Name, Dictionary<string, string>? Settings, Dictionary<string, string>? Secrets);

public static class ConnectionsApi
{
    public static void MapConnectionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/connections").WithTags("Connections");
        group.MapGet("", ListAsync).WithSummary("Connections you own (Admins: every connection's name and kind)");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One connection").Produces<ConnectionDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("", CreateAsync).WithSummary("Create a connection").Produces<ConnectionDto>(StatusCodes.Status201Created).ProducesValidationProblem().RequireAuthorization(BridgePolicies.Operator);
        group.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replace a connection's name, settings and (given) secrets").Produces<ConnectionDto>().ProducesValidationProblem().RequireAuthorization(BridgePolicies.Operator);
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a connection no bridge uses").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(BridgePolicies.Operator);
        group.MapPost("/{id:guid}/test", TestAsync).WithSummary("Run the connection's test call").RequireAuthorization(BridgePolicies.Operator);
    }

    private static async Task<IReadOnlyList<ConnectionDto>> ListAsync(HttpContext http, ConnectionService connections, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        return [.. (await connections.ListAsync(actor, cancellationToken)).Select(c => Dto(c, actor, registry))];
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, ConnectionService connections, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        var actor = new Actor(http.User);
        var found = (await connections.ListAsync(actor, cancellationToken)).FirstOrDefault(c => c.Id == id);
        return found is null ? ApiProblems.NotFound("No such connection.") : TypedResults.Ok(Dto(found, actor, registry));
    }

    private static async Task<IResult> CreateAsync(ConnectionInput input, HttpContext http, ConnectionService connections, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        if (input.Kind is null)
        {
            return KindRequired;
        }

        var actor = new Actor(http.User);
        var (id, errors) = await connections.SaveAsync(actor, null, Draft(input), cancellationToken);
        if (id is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var created = (await connections.ListAsync(actor, cancellationToken)).First(c => c.Id == id);
        return TypedResults.Created($"/api/v1/connections/{id}", Dto(created, actor, registry));
    }

    private static async Task<IResult> UpdateAsync(Guid id, ConnectionInput input, HttpContext http, ConnectionService connections, ConnectorRegistry registry, CancellationToken cancellationToken)
    {
        if (input.Kind is null)
        {
            return KindRequired;
        }

        var actor = new Actor(http.User);
        var (saved, errors) = await connections.SaveAsync(actor, id, Draft(input), cancellationToken);
        if (saved is null)
        {
            return ApiProblems.Invalid(errors);
        }

        return TypedResults.Ok(Dto((await connections.ListAsync(actor, cancellationToken)).First(c => c.Id == id), actor, registry));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, ConnectionService connections, CancellationToken cancellationToken)
    {
        var refusal = await connections.DeleteAsync(new Actor(http.User), id, cancellationToken);
        return refusal is null ? TypedResults.NoContent() : ApiProblems.Conflict(refusal);
    }

    private static async Task<ConnectionTestResult> TestAsync(Guid id, HttpContext http, ConnectionService connections, CancellationToken cancellationToken) =>
        await connections.TestAsync(new Actor(http.User), id, cancellationToken);

    private static IResult KindRequired => ApiProblems.Invalid(new Dictionary<string, string> { ["Kind"] = "Kind is required." });

    private static ConnectionDraft Draft(ConnectionInput input) => new(input.Kind!.Value, input.Name ?? "", input.Settings ?? [], input.Secrets ?? []);

    private static ConnectionDto Dto(ConnectionView c, Actor actor, ConnectorRegistry registry)
    {
        var mine = c.OwnerId == actor.Id;
        var secrets = mine
            ? registry.ConnectionKind(c.Kind).Fields.Where(f => f.Secret).ToDictionary(f => f.Name, f => c.SecretsSet.Contains(f.Name) ? "set" : "not set")
            : null;
        return new ConnectionDto(c.Id, c.Kind, c.Name, c.OwnerId, c.OwnerName, mine ? c.Settings : null, secrets,
            c.LastTestedAt, c.LastTestSucceeded, c.LastTestMessage, c.LastTestLatencyMs, c.Editable);
    }
}

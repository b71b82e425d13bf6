using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api;

/// <summary>
/// <c>POST /hooks/{bridgeKey}</c>: the bridge's source kind verifies the request (signature, token or basic
/// auth, on the raw bytes) and splits it into records; they are committed before the 202. Refusals are JSON
/// problem bodies and store nothing.
/// </summary>
public static partial class HookEndpoints
{
    public static void MapHooks(this WebApplication app) =>
        app.MapPost("/hooks/{bridgeKey}", ReceiveAsync).AllowAnonymous().DisableAntiforgery().AddEndpointFilter(DatabaseUnavailable.FilterAsync);

    private static async Task<IResult> ReceiveAsync(
        string bridgeKey,
        HttpContext http,
        BridgeDirectory bridges,
        ConnectorRegistry connectors,
        BridgeContexts contexts,
        Intake intake,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var bridge = await bridges.FindAsync(bridgeKey, cancellationToken);
        if (bridge is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown bridge", detail: $"No bridge has the key '{bridgeKey}'.");
        }

        if (connectors.Receiver(bridge.SourceKind) is not { } receiver)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No webhook receiver",
                detail: $"This bridge's source ({bridge.SourceKind}) does not receive webhooks.");
        }

        var settings = SettingsJson.Read(bridge.SourceSettingsJson);
        var limit = BodyLimits.Resolve(settings, receiver.DefaultMaxBodyBytes);
        using var body = await RequestBody.ReadLimitedAsync(http.Request, limit, cancellationToken);
        if (body is null)
        {
            return IntakeAnswers.TooLarge(limit);
        }

        var request = new WebhookRequest(
            body.Memory,
            http.Request.ContentType,
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            http.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal));
        var context = contexts.Webhook(bridge, settings);
        return await AnswerAsync(Receive(receiver, request, context, loggers), receiver, bridge, http, intake, loggers, cancellationToken);
    }
}

using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api;

/// <summary>
/// <c>POST /hooks/{bridgeKey}</c>: the bridge's source kind verifies the request (signature, token or basic
/// auth, on the raw bytes) and splits it into records; they are committed before the 202. Refusals are JSON
/// problem bodies and store nothing.
/// </summary>
public static class HookEndpoints
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
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"The body exceeds the limit of {limit} bytes ({BodyLimits.Megabytes(limit)} MB) of this bridge; its source setting 'Max body (MB)' changes it.");
        }

        var request = new WebhookRequest(
            body.Memory,
            http.Request.ContentType,
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            http.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal));
        var context = contexts.Webhook(bridge, settings);
        var verdict = Receive(receiver, request, context, loggers);
        switch (verdict)
        {
            case WebhookVerdict.Rejected rejected:
                if (rejected.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
                {
                    loggers.CreateLogger(typeof(HookEndpoints)).LogWarning(
                        "Webhook for bridge {BridgeId} refused from {RemoteIp}: {Reason}", bridge.Id, http.Connection.RemoteIpAddress, rejected.Detail);
                }

                if (rejected.Challenge is not null)
                {
                    http.Response.Headers.WWWAuthenticate = rejected.Challenge;
                }

                return Results.Problem(statusCode: rejected.Status, title: rejected.Title, detail: rejected.Detail);
            case WebhookVerdict.Ignored ignored:
                return Results.Json(new { bridge = bridge.Key, message = ignored.Message, records = Array.Empty<object>() });
            case WebhookVerdict.Accepted accepted:
                if (NaturalIds.FirstProblem(accepted.Records) is { } idProblem)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid natural id",
                        detail: $"{char.ToUpperInvariant(idProblem[0])}{idProblem[1..]} (from {HookIdFields.For(bridge.SourceKind)}); nothing was stored.");
                }

                var results = await intake.AcceptAsync(bridge, accepted.Records, cancellationToken);
                return Results.Json(
                    new
                    {
                        bridge = bridge.Key,
                        records = results.Select(r => new { id = r.RecordId, naturalId = r.NaturalId, disposition = r.Disposition.ToString().ToLowerInvariant() }),
                    },
                    statusCode: StatusCodes.Status202Accepted);
            default:
                throw new InvalidOperationException("Unknown webhook verdict.");
        }
    }

    /// <summary>
    /// A receiver only reads the request (no I/O), so what it throws comes from the body's shape: JSON node accessors
    /// throw these when a field has an unexpected type (an object where a string was expected). Such a body is a 400,
    /// not a 500; anything else is a bug and goes to <see cref="ApiExceptionHandler"/>.
    /// </summary>
    private static WebhookVerdict Receive(IWebhookReceiver receiver, WebhookRequest request, SourceContext context, ILoggerFactory loggers)
    {
        try
        {
            return receiver.Receive(request, context);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or FormatException or ArgumentException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            loggers.CreateLogger(typeof(HookEndpoints)).LogWarning(e, "Webhook for bridge {BridgeId} has a body its receiver ({Kind}) cannot read", context.Bridge.Id, receiver.Kind);
            return WebhookVerdict.Reject(StatusCodes.Status400BadRequest, "Unreadable body", $"The body does not have the shape a {receiver.Kind} sender posts: {e.Message}");
        }
    }
}

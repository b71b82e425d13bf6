using BridgePortal.Connectors.Ingest;
using BridgePortal.Engine;
using Microsoft.Extensions.Options;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Api;

/// <summary>
/// <c>POST /api/ingest/{bridgeKey}</c> (202 only after commit), <c>GET /api/bridges/{bridgeKey}/status</c>
/// and <c>GET /api/health</c>. Bearer token = the bridge's ingest token. Errors are JSON problem bodies.
/// </summary>
public static partial class IngestEndpoints
{
    public static void MapIngestApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").AllowAnonymous().DisableAntiforgery().AddEndpointFilter(DatabaseUnavailable.FilterAsync);
        api.MapPost("/ingest/{bridgeKey}", IngestAsync);
        api.MapGet("/bridges/{bridgeKey}/status", StatusAsync);
        api.MapGet("/health", HealthAsync);
    }

    private static async Task<IResult> IngestAsync(
        string bridgeKey, HttpContext http, BridgeDirectory bridges, ConnectorRegistry connectors, Intake intake, IOptions<EngineOptions> options,
        CancellationToken cancellationToken)
    {
        var bridge = await bridges.FindAsync(bridgeKey, cancellationToken);
        if (bridge is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown bridge", $"No bridge has the key '{bridgeKey}'.");
        }

        if (!Authorized(http, bridge))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestEndpoints))
                .LogWarning("Ingest for bridge {BridgeId} refused from {RemoteIp}: the token is missing or wrong", bridge.Id, http.Connection.RemoteIpAddress);
            return Unauthorized();
        }

        if (connectors.Receiver(bridge.SourceKind) is not null)
        {
            // Its records must pass the sender's signature or credentials at /hooks; the ingest token must not bypass them.
            return Problem(StatusCodes.Status403Forbidden, "Use the webhook URL",
                $"This bridge receives signed webhooks at /hooks/{bridge.Key}; /api/ingest does not accept records for it.");
        }

        if (!IsJson(http.Request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send the records as application/json (got '{http.Request.ContentType ?? "none"}').");
        }

        var settings = SettingsJson.Read(bridge.SourceSettingsJson);
        var limit = BodyLimits.Resolve(settings, options.Value.MaxIngestBodyBytes);
        IReadOnlyList<InboundRecord> records;
        using (var body = await RequestBody.ReadLimitedAsync(http.Request, limit, cancellationToken))
        {
            if (body is null)
            {
                return IntakeAnswers.TooLarge(limit);
            }

            try
            {
                var root = JsonBody.Parse(body.Memory) ?? throw new IngestException("The body is JSON null: send an object or an array of objects.");
                records = IngestSource.Split(root, http.Request.Headers["Idempotency-Key"].FirstOrDefault(), settings.GetValueOrDefault(IngestSource.NaturalIdPath));
            }
            catch (JsonBodyException e)
            {
                return Problem(StatusCodes.Status400BadRequest, e.Title, e.Message);
            }
            catch (IngestException e)
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid records", e.Message);
            }
        }

        return IntakeAnswers.Accepted(bridge, await intake.AcceptAsync(bridge, records, cancellationToken));
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

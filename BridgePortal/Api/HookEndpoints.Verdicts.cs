using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data.Model;

namespace BridgePortal.Api;

/// <summary>The receiver's verdict as the sender's answer: a refusal (logged when it is about credentials), a 200 for an ignored event, or 202 after commit.</summary>
public static partial class HookEndpoints
{
    private static async Task<IResult> AnswerAsync(
        WebhookVerdict verdict, IWebhookReceiver receiver, Bridge bridge, HttpContext http, Intake intake, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
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
                        detail: $"{char.ToUpperInvariant(idProblem[0])}{idProblem[1..]} (from {receiver.IdField}); nothing was stored.");
                }

                return IntakeAnswers.Accepted(bridge, await intake.AcceptAsync(bridge, accepted.Records, cancellationToken));
            default:
                throw new InvalidOperationException("Unknown webhook verdict.");
        }
    }
}

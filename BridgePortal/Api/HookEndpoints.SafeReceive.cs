using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Api;

/// <summary>Calling the receiver, where a body of the wrong shape becomes a 400 instead of a 500.</summary>
public static partial class HookEndpoints
{
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

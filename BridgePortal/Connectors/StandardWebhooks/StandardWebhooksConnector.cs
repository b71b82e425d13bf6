using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.StandardWebhooks;

public sealed class StandardWebhooksConnector : IConnector
{
    /// <summary>The StandardWebhooks source: any sender of Standard Webhooks (signed webhook-id, timestamp and body), stored as documents.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(StandardWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, StandardWebhookReceiver>();
    }
}

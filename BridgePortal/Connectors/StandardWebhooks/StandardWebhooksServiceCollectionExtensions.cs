using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.StandardWebhooks;

public static class StandardWebhooksServiceCollectionExtensions
{
    /// <summary>The StandardWebhooks source: any sender of Standard Webhooks (signed webhook-id, timestamp and body), stored as documents.</summary>
    public static WebApplicationBuilder AddStandardWebhooksConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(StandardWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, StandardWebhookReceiver>();
        return builder;
    }
}

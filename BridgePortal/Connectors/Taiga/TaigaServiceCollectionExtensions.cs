using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Taiga;

public static class TaigaServiceCollectionExtensions
{
    /// <summary>The Taiga source: Taiga's project webhooks (HMAC-SHA1 signed), stored as documents.</summary>
    public static WebApplicationBuilder AddTaigaConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TaigaWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, TaigaWebhookReceiver>();
        return builder;
    }
}

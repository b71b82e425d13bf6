using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Taiga;

public sealed class TaigaConnector : IConnector
{
    /// <summary>The Taiga source: Taiga's project webhooks (HMAC-SHA1 signed), stored as documents.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TaigaWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, TaigaWebhookReceiver>();
    }
}

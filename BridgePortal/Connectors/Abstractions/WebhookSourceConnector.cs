namespace BridgePortal.Connectors.Abstractions;

/// <summary>A system that brings one webhook source and nothing else (no connection kind, no sink).</summary>
public abstract class WebhookSourceConnector<TReceiver>(SourceKind source) : IConnector
    where TReceiver : class, IWebhookReceiver
{
    public void Register(WebApplicationBuilder builder) => builder.Services.AddWebhookSource<TReceiver>(source);
}

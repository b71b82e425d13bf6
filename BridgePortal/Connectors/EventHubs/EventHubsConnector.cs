using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.EventHubs;

public sealed class EventHubsConnector : IConnector
{
    /// <summary>The Azure Event Hubs connector: connection kind (parse, test) and the batched REST sink with SAS tokens.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(EventHubsClientFactory.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<EventHubsClientFactory>();
        builder.Services.AddSingleton<SasTokens>();
        builder.Services.AddSingleton<IConnectionKind, EventHubsConnectionKind>();
        builder.Services.AddSingleton<ISink, EventHubsSink>();
    }
}

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.EventHubs;

public sealed class EventHubsConnector : IConnector
{
    /// <summary>The Azure Event Hubs connector: connection kind (parse, test) and the batched REST sink with SAS tokens.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddClientFactory<EventHubsClientFactory>(EventHubsClientFactory.ClientName, Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<SasTokens>();
        builder.Services.AddSingleton<IConnectionKind, EventHubsConnectionKind>();
        builder.Services.AddSingleton<ISink, EventHubsSink>();
    }
}

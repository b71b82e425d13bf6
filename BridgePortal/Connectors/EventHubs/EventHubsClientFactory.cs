using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>A Refit <see cref="IEventHubsApi"/> for one namespace's service URL.</summary>
public sealed class EventHubsClientFactory(IHttpClientFactory clients)
{
    public const string ClientName = "eventhubs";

    // Authorization is per call (a SAS token per request), so the client carries none.
    public IEventHubsApi Create(EventHubsTarget target) => RefitClients.For<IEventHubsApi>(clients, ClientName, target.ServiceUri);
}

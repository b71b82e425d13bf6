using Refit;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>A Refit <see cref="IEventHubsApi"/> for one namespace's service URL.</summary>
public sealed class EventHubsClientFactory(IHttpClientFactory clients)
{
    public const string ClientName = "eventhubs";

    public IEventHubsApi Create(EventHubsTarget target)
    {
        var client = clients.CreateClient(ClientName);
        client.BaseAddress = target.ServiceUri;
        return RestService.For<IEventHubsApi>(client);
    }
}

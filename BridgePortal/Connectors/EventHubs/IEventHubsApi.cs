using Refit;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>The Event Hubs REST API (api-version 2014-01), authorised by a SAS token per call.</summary>
public interface IEventHubsApi
{
    /// <summary>Sends one event (atom+xml content) or a batch (<c>application/vnd.microsoft.servicebus.json</c>).</summary>
    [Post("/{hub}/messages?timeout=60&api-version=2014-01")]
    Task<HttpResponseMessage> SendAsync(string hub, [Header("Authorization")] string authorization, [Body] HttpContent content, CancellationToken cancellationToken);

    /// <summary>The hub's description: the cheapest documented call that checks the SAS signature.</summary>
    [Get("/{hub}?api-version=2014-01")]
    Task<HttpResponseMessage> GetHubAsync(string hub, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}

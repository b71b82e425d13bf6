using System.Net.Http.Headers;
using Refit;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A connector's Refit client per connection, on its named HttpClient (so the handlers, timeouts and test fakes
/// registered for that name apply): the connector says only where a connection's API is and how it signs in
/// (<see cref="Endpoint"/>); building the client is said here once.
/// </summary>
public abstract class RefitClientFactory<TApi>(IHttpClientFactory clients, string clientName)
{
    public TApi Create(ConnectionData connection) => RestService.For<TApi>(CreateHttpClient(connection));

    /// <summary>The authenticated client itself, for calls Refit does not model (e.g. CommCare's XForm receiver).</summary>
    public HttpClient CreateHttpClient(ConnectionData connection)
    {
        var endpoint = Endpoint(connection);
        return RefitClients.HttpClient(clients, clientName, endpoint.BaseAddress, endpoint.Authorization, endpoint.Accept, endpoint.Headers);
    }

    protected abstract RefitEndpoint Endpoint(ConnectionData connection);
}

/// <summary>Where one connection's API is, and what every call to it carries.</summary>
public sealed record RefitEndpoint(Uri BaseAddress, AuthenticationHeaderValue? Authorization, string? Accept = "application/json", Action<HttpRequestHeaders>? Headers = null);

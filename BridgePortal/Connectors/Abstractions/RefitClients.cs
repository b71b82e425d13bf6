using System.Net.Http.Headers;
using Refit;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// How a connector builds a Refit client for one connection: the named HttpClient (so the handlers, timeouts and
/// test fakes registered for that name apply), the connection's base address and the headers every call carries.
/// </summary>
public static class RefitClients
{
    /// <summary>A base address with exactly one trailing slash, so Refit's relative paths land under it, not beside it.</summary>
    public static Uri Base(string url) => new(url.TrimEnd('/') + "/");

    public static T For<T>(IHttpClientFactory clients, string name, Uri baseAddress, AuthenticationHeaderValue? authorization = null, string? accept = null, Action<HttpRequestHeaders>? headers = null) =>
        RestService.For<T>(HttpClient(clients, name, baseAddress, authorization, accept, headers));

    /// <summary>The configured client itself, for calls Refit does not model.</summary>
    public static HttpClient HttpClient(IHttpClientFactory clients, string name, Uri baseAddress, AuthenticationHeaderValue? authorization = null, string? accept = null, Action<HttpRequestHeaders>? headers = null)
    {
        var client = clients.CreateClient(name);
        client.BaseAddress = baseAddress;
        client.DefaultRequestHeaders.Authorization = authorization;
        if (accept is not null)
        {
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        headers?.Invoke(client.DefaultRequestHeaders);
        return client;
    }
}

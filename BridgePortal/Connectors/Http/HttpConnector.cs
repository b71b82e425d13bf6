using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Http;

public sealed class HttpConnector : IConnector
{
    /// <summary>The generic Http connector: a connection (base URL, headers) and the forwarding sink.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(HttpConnectionKind.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<IConnectionKind, HttpConnectionKind>();
        builder.Services.AddSingleton<ISink, HttpForwardSink>();
    }
}

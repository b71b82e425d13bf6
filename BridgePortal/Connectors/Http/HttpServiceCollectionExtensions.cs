using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Http;

public static class HttpServiceCollectionExtensions
{
    /// <summary>The generic Http connector: a connection (base URL, headers) and the forwarding sink.</summary>
    public static WebApplicationBuilder AddHttpConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(HttpConnectionKind.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<IConnectionKind, HttpConnectionKind>();
        builder.Services.AddSingleton<ISink, HttpForwardSink>();
        return builder;
    }
}

namespace BridgePortal.Connectors.Abstractions;

/// <summary>The registrations several connectors make, each said once.</summary>
public static class ConnectorRegistrations
{
    /// <summary>A webhook source: its descriptor (the bridge form) and its receiver.</summary>
    public static IServiceCollection AddWebhookSource<TReceiver>(this IServiceCollection services, SourceKind source)
        where TReceiver : class, IWebhookReceiver =>
        services.AddSingleton(source).AddSingleton<IWebhookReceiver, TReceiver>();

    /// <summary>A connector's named HttpClient with its timeout, and the client factory that builds on it.</summary>
    public static IServiceCollection AddClientFactory<TFactory>(this IServiceCollection services, string clientName, TimeSpan timeout)
        where TFactory : class
    {
        services.AddHttpClient(clientName, c => c.Timeout = timeout);
        return services.AddSingleton<TFactory>();
    }
}

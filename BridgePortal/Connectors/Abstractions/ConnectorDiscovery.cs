namespace BridgePortal.Connectors.Abstractions;

public static class ConnectorDiscovery
{
    /// <summary>
    /// Registers every <see cref="IConnector"/> of the application, in name order so that start-up is the same on
    /// every machine (the registry and the forms order what they list themselves).
    /// </summary>
    public static WebApplicationBuilder AddConnectors(this WebApplicationBuilder builder)
    {
        var connectors = typeof(IConnector).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConnector).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in connectors)
        {
            ((IConnector)Activator.CreateInstance(type)!).Register(builder);
        }

        return builder;
    }
}

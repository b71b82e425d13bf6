namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// One external system's plug-in: its folder's only entry point. <see cref="Register"/> adds what the system brings
/// (connection kind, source kinds, pollers, webhook receivers, sinks, its own jobs and services); the composition
/// root finds every connector itself (<see cref="ConnectorDiscovery"/>), so adding a system is adding a folder.
/// </summary>
public interface IConnector
{
    void Register(WebApplicationBuilder builder);
}

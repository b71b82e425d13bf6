namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A page a connector brings (e.g. AtHoc's mapping tables at <c>/mappings</c>): its routable component lives in the
/// connector's folder, and the navigation menu lists every registered entry after Connections, knowing none of them.
/// </summary>
public sealed record ConnectorPage(string Href, string Icon, string Title);

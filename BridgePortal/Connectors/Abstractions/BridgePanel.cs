using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A connector's own section of the bridge page (e.g. the CSV drop's upload and log, the GitHub back-fill): a component
/// with <c>Bridge</c> and <c>Actor</c> parameters, shown on the bridges it <paramref name="Applies"/> to. The page
/// renders whatever connectors registered, in registration order, and knows none of them.
/// </summary>
public sealed record BridgePanel(Type Component, Func<Bridge, bool> Applies);

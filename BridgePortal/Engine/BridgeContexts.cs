using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data.Model;

namespace BridgePortal.Engine;

/// <summary>
/// The one place a connector's view of its bridge is built, for webhooks, polls and the dispatcher alike:
/// settings parsed, the bridge's source secrets and its connection decrypted. Secrets leave this object only
/// inside the context handed to the connector.
/// </summary>
public sealed class BridgeContexts(SecretProtector secrets)
{
    /// <summary>A webhook's receiver: the settings the endpoint already read; a receiver checks the sender with the bridge's secrets and has no source connection.</summary>
    public SourceContext Webhook(Bridge bridge, IReadOnlyDictionary<string, string> settings) =>
        new(bridge, null, settings, secrets.Unprotect(bridge.ProtectedWebhookSecret));

    /// <summary>A polling source: the bridge must be loaded with its <see cref="Bridge.SourceConnection"/>.</summary>
    public SourceContext Poll(Bridge bridge) =>
        new(bridge, Open(bridge.SourceConnection), SettingsJson.Read(bridge.SourceSettingsJson), secrets.Unprotect(bridge.ProtectedWebhookSecret));

    /// <summary>A sink: the bridge must be loaded with its <see cref="Bridge.SinkConnection"/>.</summary>
    public SinkContext Sink(Bridge bridge) => new(bridge, Open(bridge.SinkConnection));

    private ConnectionData? Open(Connection? connection) => connection is { } c ? secrets.Open(c) : null;
}

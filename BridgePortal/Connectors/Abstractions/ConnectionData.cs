using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>A connection's settings and decrypted secrets, as a connector uses them (never rendered or logged).</summary>
public sealed record ConnectionData(ConnectionKind Kind, IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Secrets)
{
    public string? Setting(string name) => Settings.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    public string? Secret(string name) => Secrets.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
}

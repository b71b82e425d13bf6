using BridgePortal.Engine;
using BridgePortal.Engine.Model;

namespace BridgePortal.Connectors;

/// <summary>Every registered connection kind and sink, looked up by kind.</summary>
public sealed class ConnectorRegistry(IEnumerable<IConnectionKind> kinds, IEnumerable<ISink> sinks)
{
    private readonly Dictionary<ConnectionKind, IConnectionKind> kindsByKind = kinds.ToDictionary(k => k.Kind);
    private readonly Dictionary<string, ISink> sinksByKind = sinks.ToDictionary(s => s.Kind, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IConnectionKind> ConnectionKinds => kindsByKind.Values;

    public IReadOnlyCollection<string> SinkKinds => sinksByKind.Keys;

    public IConnectionKind ConnectionKind(ConnectionKind kind) =>
        kindsByKind.TryGetValue(kind, out var k) ? k : throw new InvalidOperationException($"No connector for connection kind {kind}.");

    public ISink Sink(string kind) =>
        sinksByKind.TryGetValue(kind, out var s) ? s : throw new InvalidOperationException($"No sink of kind '{kind}'.");

    public bool HasSink(string kind) => sinksByKind.ContainsKey(kind);
}

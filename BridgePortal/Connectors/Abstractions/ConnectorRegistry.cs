using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>Every registered connection kind, source kind, polling source, webhook receiver and sink, looked up by kind.</summary>
public sealed class ConnectorRegistry(
    IEnumerable<IConnectionKind> kinds,
    IEnumerable<SourceKind> sourceKinds,
    IEnumerable<IPollingSource> pollers,
    IEnumerable<IWebhookReceiver> receivers,
    IEnumerable<ISink> sinks)
{
    private readonly Dictionary<ConnectionKind, IConnectionKind> kindsByKind = kinds.ToDictionary(k => k.Kind);

    /// <summary>The connection kinds as the form offers them: the one listed first, then by display name.</summary>
    private readonly List<IConnectionKind> connectionKinds = [.. kinds.OrderBy(k => k.ListedFirst ? 0 : 1).ThenBy(k => k.DisplayName, StringComparer.Ordinal)];
    private readonly Dictionary<string, IWebhookReceiver> receiversByKind = receivers.ToDictionary(r => r.Kind, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IPollingSource> pollersByKind = pollers.ToDictionary(p => p.Kind, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ISink> sinksByKind = sinks.ToDictionary(s => s.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Every source that receives webhooks gets the "Max body (MB)" setting with its receiver's default here, in one
    /// place, rather than in each connector's field list.
    /// </summary>
    private readonly List<SourceKind> sources = [.. sourceKinds
        .Select(s => receivers.FirstOrDefault(r => string.Equals(r.Kind, s.Kind, StringComparison.OrdinalIgnoreCase)) is { } r && s.SettingsFields.All(f => f.Name != BodyLimits.Setting)
            ? s with { SettingsFields = [.. s.SettingsFields, BodyLimits.Field(r.DefaultMaxBodyBytes)] }
            : s)
        .OrderBy(s => s.ListedFirst ? 0 : 1).ThenBy(s => s.DisplayName)];

    public IReadOnlyList<IConnectionKind> ConnectionKinds => connectionKinds;

    /// <summary>Source kinds in the order the bridge form offers them (the ingest API first).</summary>
    public IReadOnlyList<SourceKind> SourceKinds => sources;

    public IReadOnlyCollection<string> SinkKinds => sinksByKind.Keys;

    public IConnectionKind ConnectionKind(ConnectionKind kind) =>
        kindsByKind.TryGetValue(kind, out var k) ? k : throw new InvalidOperationException($"No connector for connection kind {kind}.");

    /// <summary>
    /// The registered kind a client typed, in any letter case (as the enum's JSON names were read), so what is stored
    /// is always the connector's own spelling; null when no connector declares it.
    /// </summary>
    public IConnectionKind? FindConnectionKind(string name) =>
        connectionKinds.FirstOrDefault(k => string.Equals(k.Kind.Name, name, StringComparison.OrdinalIgnoreCase));

    public SourceKind? FindSource(string kind) => sources.FirstOrDefault(s => string.Equals(s.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>The polling side of a source kind, if it polls.</summary>
    public IPollingSource? Poller(string sourceKind) => pollersByKind.GetValueOrDefault(sourceKind);

    /// <summary>The webhook side of a source kind, if it receives webhooks.</summary>
    public IWebhookReceiver? Receiver(string sourceKind) => receiversByKind.GetValueOrDefault(sourceKind);

    public ISink Sink(string kind) =>
        sinksByKind.TryGetValue(kind, out var s) ? s : throw new InvalidOperationException($"No sink of kind '{kind}'.");

    public bool HasSink(string kind) => sinksByKind.ContainsKey(kind);

    /// <summary>The source kind's display name, or the kind itself when it is no longer registered.</summary>
    public string SourceLabel(string kind) => FindSource(kind)?.DisplayName ?? kind;

    /// <summary>The sink kind's display name, or the kind itself when it is no longer registered.</summary>
    public string SinkLabel(string kind) => sinksByKind.TryGetValue(kind, out var sink) ? sink.DisplayName : kind;
}

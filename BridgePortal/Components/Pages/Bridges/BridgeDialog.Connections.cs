namespace BridgePortal.Components.Pages.Bridges;

/// <summary>The connections each side may use, and the sink a new bridge opens on.</summary>
public sealed partial class BridgeDialog
{
    /// <summary>
    /// For a new bridge: the first sink kind the user can use right away (it needs no connection, or they have one
    /// of its kind), so the dialog does not open on a sink they have no connection for.
    /// </summary>
    private async Task<string> DefaultSinkKindAsync()
    {
        var kinds = Registry.SinkKinds.Order().ToList();
        var owned = (await Connections.UsableAsync(actor, null, CancellationToken.None)).Select(c => c.Kind).ToHashSet();
        return kinds.FirstOrDefault(k => Registry.Sink(k).ConnectionKind is not { } needed || owned.Contains(needed)) ?? kinds.FirstOrDefault() ?? "";
    }

    private async Task LoadConnectionsAsync(bool pickFirst)
    {
        sourceConnections = Source?.ConnectionKind is { } sourceConnectionKind
            ? await Connections.UsableAsync(actor, sourceConnectionKind, CancellationToken.None) : [];
        sinkConnections = Sink?.ConnectionKind is { } sinkConnectionKind
            ? await Connections.UsableAsync(actor, sinkConnectionKind, CancellationToken.None) : [];
        if (pickFirst)
        {
            sourceConnectionId ??= Source?.ConnectionOptional == true ? null : sourceConnections.FirstOrDefault()?.Id;
            sinkConnectionId ??= sinkConnections.FirstOrDefault()?.Id;
        }
    }
}

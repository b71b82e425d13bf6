namespace BridgePortal.Components.Pages.Bridges;

/// <summary>A new source or sink kind starts that side over: its settings, connection and secrets belong to the old kind.</summary>
public sealed partial class BridgeDialog
{
    private async Task SourceKindChangedAsync(string value)
    {
        (sourceKind, sourceConnectionId, sourceSettings, sourceSecrets, catalog, catalogMessage) = (value, null, [], [], null, null);
        sourceSecretsSet = value == storedSourceKind ? storedSourceSecretsSet : []; // another kind's fields have no stored secret
        await LoadConnectionsAsync(pickFirst: true);
    }

    private async Task SinkKindChangedAsync(string value)
    {
        (sinkKind, sinkConnectionId, sinkSettings) = (value, null, []);
        await LoadConnectionsAsync(pickFirst: true);
    }
}

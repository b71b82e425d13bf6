using BridgePortal.Components.Pages.Connections;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>The source connection's catalog (e.g. a Kobo account's forms): listed on demand, cleared when the connection changes.</summary>
public sealed partial class BridgeDialog
{
    private IReadOnlyList<CatalogItem>? catalog;
    private bool catalogLoading;
    private string? catalogMessage;

    private string CatalogTitle =>
        Source?.ConnectionKind is { } kind && Registry.ConnectionKind(kind) is IConnectionCatalog c ? c.CatalogTitle : "Items";

    private void SourceConnectionChanged(Guid? value) => (sourceConnectionId, catalog, catalogMessage) = (value, null, null);

    private async Task LoadCatalogAsync()
    {
        if (sourceConnectionId is not { } id)
        {
            return;
        }

        catalogLoading = true;
        try
        {
            var what = CatalogTitle.ToLowerInvariant();
            (catalog, catalogMessage) = await CatalogLoader.LoadAsync(Connections, actor, id, what, CancellationToken.None);
            catalogMessage ??= catalog!.Count == 0 ? $"No {what} found." : $"{catalog.Count} found: pick one below.";
        }
        finally
        {
            catalogLoading = false;
        }
    }
}

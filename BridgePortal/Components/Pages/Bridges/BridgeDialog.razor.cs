using BridgePortal.Connectors;
using BridgePortal.Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>Creates or edits a bridge: source and its settings, sink with connection and settings, mapping and retries.</summary>
public sealed partial class BridgeDialog
{
    private Actor actor = default!;
    private bool loading = true;
    private bool saving;
    private string? failure;
    private string name = "";
    private string sourceKind = SourceKinds.Ingest.Kind;
    private Guid? sourceConnectionId;
    private Dictionary<string, string> sourceSettings = [];
    private Dictionary<string, string> sourceSecrets = [];
    private IReadOnlyCollection<string> sourceSecretsSet = [];
    private IReadOnlyList<CatalogItem>? catalog;
    private bool catalogLoading;
    private string? catalogMessage;
    private string sinkKind = "";
    private Guid? sinkConnectionId;
    private Dictionary<string, string> sinkSettings = [];
    private string? mappingJson;
    private int maxRetries = 3;
    private IReadOnlyList<ConnectionView> sourceConnections = [];
    private IReadOnlyList<ConnectionView> sinkConnections = [];
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The bridge to edit; null to create one.</summary>
    [Parameter]
    public Guid? BridgeId { get; set; }

    private SourceKind? Source => Registry.FindSource(sourceKind);

    private ISink? Sink => Registry.HasSink(sinkKind) ? Registry.Sink(sinkKind) : null;

    private bool HasError(string field) => errors.ContainsKey(field);

    protected override async Task OnInitializedAsync()
    {
        actor = new Actor((await AuthState).User);
        sinkKind = Registry.SinkKinds.Order().FirstOrDefault() ?? "";
        try
        {
            if (BridgeId is { } id)
            {
                var bridge = await Bridges.GetAsync(actor, id, CancellationToken.None);
                (name, sourceKind, sourceConnectionId, sinkKind, sinkConnectionId, mappingJson, maxRetries) =
                    (bridge.Name, bridge.SourceKind, bridge.SourceConnectionId, bridge.SinkKind, bridge.SinkConnectionId, bridge.MappingJson, bridge.MaxRetries);
                sourceSettings = SettingsJson.Read(bridge.SourceSettingsJson);
                sourceSecretsSet = Bridges.SourceSecretsSet(bridge);
                sinkSettings = SettingsJson.Read(bridge.SinkSettingsJson);
            }
            else
            {
                // A new bridge starts on the first sink the user has a connection for (else the first sink).
                var owned = (await Connections.UsableAsync(actor, null, CancellationToken.None)).Select(c => c.Kind).ToHashSet();
                sinkKind = Registry.SinkKinds.Order().FirstOrDefault(k => Registry.Sink(k).ConnectionKind is { } kind && owned.Contains(kind)) ?? sinkKind;
            }

            await LoadConnectionsAsync(pickFirst: BridgeId is null);
        }
        catch (AccessDeniedException e)
        {
            failure = e.Message;
        }
        finally
        {
            loading = false;
        }
    }

    private async Task LoadConnectionsAsync(bool pickFirst)
    {
        sourceConnections = Source?.ConnectionKind is { } sourceConnectionKind
            ? await Connections.UsableAsync(actor, sourceConnectionKind, CancellationToken.None) : [];
        sinkConnections = Sink?.ConnectionKind is { } sinkConnectionKind
            ? await Connections.UsableAsync(actor, sinkConnectionKind, CancellationToken.None) : [];
        if (pickFirst)
        {
            sourceConnectionId ??= sourceConnections.FirstOrDefault()?.Id;
            sinkConnectionId ??= sinkConnections.FirstOrDefault()?.Id;
        }
    }

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
            catalog = await Connections.CatalogAsync(actor, id, CancellationToken.None);
            catalogMessage = catalog.Count == 0 ? $"No {CatalogTitle.ToLowerInvariant()} found." : $"{catalog.Count} found: pick one below.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (catalog, catalogMessage) = (null, $"Could not list {CatalogTitle.ToLowerInvariant()}: {e.Message}");
        }
        finally
        {
            catalogLoading = false;
        }
    }

    private async Task SourceKindChangedAsync(string value)
    {
        (sourceKind, sourceConnectionId, sourceSettings, sourceSecrets, catalog, catalogMessage) = (value, null, [], [], null, null);
        await LoadConnectionsAsync(pickFirst: true);
    }

    private async Task SinkKindChangedAsync(string value)
    {
        (sinkKind, sinkConnectionId, sinkSettings) = (value, null, []);
        await LoadConnectionsAsync(pickFirst: true);
    }

    private async Task SaveAsync()
    {
        saving = true;
        failure = null;
        try
        {
            var draft = new BridgeDraft(name, sourceKind, Source?.ConnectionKind is null ? null : sourceConnectionId, new(sourceSettings),
                sinkKind, Sink?.ConnectionKind is null ? null : sinkConnectionId, new(sinkSettings), mappingJson, maxRetries, new(sourceSecrets));
            if (BridgeId is { } id)
            {
                errors = await Bridges.UpdateAsync(actor, id, draft, CancellationToken.None);
                if (errors.Count == 0)
                {
                    MudDialog.Close(DialogResult.Ok(new BridgeCreated(id, "", null)));
                }
            }
            else
            {
                var (bridge, token, createErrors) = await Bridges.CreateAsync(actor, draft, CancellationToken.None);
                errors = createErrors;
                if (bridge is not null)
                {
                    MudDialog.Close(DialogResult.Ok(new BridgeCreated(bridge.Id, bridge.Key, token)));
                }
            }
        }
        catch (AccessDeniedException e)
        {
            failure = e.Message;
        }
        finally
        {
            saving = false;
        }
    }
}

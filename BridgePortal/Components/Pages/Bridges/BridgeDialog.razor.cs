using BridgePortal.Connectors;
using BridgePortal.Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>Creates or edits a bridge: source and its settings, sink with connection and settings, mapping and retries.</summary>
public sealed partial class BridgeDialog
{
    private Actor actor = default!;
    private bool loading = true;
    private bool saving;
    private string? failure;
    private string name = "";
    private string sourceKind = IngestSource.Kind;
    private Guid? sourceConnectionId;
    private Dictionary<string, string> sourceSettings = [];
    private Dictionary<string, string> sourceSecrets = [];
    private IReadOnlyCollection<string> sourceSecretsSet = [];
    private string? storedSourceKind;
    private IReadOnlyCollection<string> storedSourceSecretsSet = [];
    private string sinkKind = "";
    private Guid? sinkConnectionId;
    private Dictionary<string, string> sinkSettings = [];
    private string? mappingJson;
    private int maxRetries = 3;
    private SinkProtectionFields.SinkProtectionForm protection = new();
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
        try
        {
            if (BridgeId is null)
            {
                sinkKind = await DefaultSinkKindAsync();
            }
            else
            {
                var id = BridgeId.Value;
                var bridge = await Bridges.GetAsync(actor, id, CancellationToken.None);
                (name, sourceKind, sourceConnectionId, sinkKind, sinkConnectionId, mappingJson, maxRetries) =
                    (bridge.Name, bridge.SourceKind, bridge.SourceConnectionId, bridge.SinkKind, bridge.SinkConnectionId, bridge.MappingJson, bridge.MaxRetries);
                protection = SinkProtectionFields.SinkProtectionForm.Of(bridge);
                sourceSettings = SettingsJson.Read(bridge.SourceSettingsJson);
                sourceSecretsSet = storedSourceSecretsSet = Bridges.SourceSecretsSet(bridge);
                storedSourceKind = bridge.SourceKind;
                sinkSettings = SettingsJson.Read(bridge.SinkSettingsJson);
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

    private async Task SaveAsync()
    {
        saving = true;
        failure = null;
        try
        {
            var draft = new BridgeDraft(name, sourceKind, Source?.ConnectionKind is null ? null : sourceConnectionId, new(sourceSettings),
                sinkKind, Sink?.ConnectionKind is null ? null : sinkConnectionId, new(sinkSettings), mappingJson, maxRetries, new(sourceSecrets), protection.ToSettings());
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
                    MudDialog.Close(DialogResult.Ok(new BridgeCreated(bridge.Id, bridge.Key, token, WebhookSetup.For(bridge, Navigation))));
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

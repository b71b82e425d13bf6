using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>Opening the dialog: the bridge to edit (or a usable default sink), then the connections each side may use.</summary>
public sealed partial class BridgeDialog
{
    protected override async Task OnInitializedAsync()
    {
        // A new bridge starts on the source the connectors list first (the ingest API); an edit loads its own below.
        sourceKind = Registry.SourceKinds[0].Kind;
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
}

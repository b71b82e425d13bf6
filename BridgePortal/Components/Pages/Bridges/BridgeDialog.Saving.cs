using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>Saving: the service checks the draft; errors stay on the form, success closes the dialog with the new bridge.</summary>
public sealed partial class BridgeDialog
{
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
                    MudDialog.Close(DialogResult.Ok(new BridgeCreated(bridge.Id, bridge.Key, token, WebhookSetups.For(Registry, bridge, Navigation))));
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

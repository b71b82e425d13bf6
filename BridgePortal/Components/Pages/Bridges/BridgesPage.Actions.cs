using BridgePortal.Data.Model;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>A new bridge (then its token or webhook set-up, shown once) and starting or stopping one.</summary>
public sealed partial class BridgesPage
{
    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<BridgeDialog>("New bridge", BridgeDialogOptions.Options);
        if (await dialog.Result is { Canceled: false, Data: BridgeCreated { Token: { } token } created })
        {
            await ReloadAsync();
            StateHasChanged();
            if (created.Webhook is { } webhook)
            {
                await WebhookSetupDialog.ShowAsync(Dialogs, webhook);
            }
            else
            {
                await IngestTokenDialog.ShowAsync(Dialogs, Navigation, created.Key, token);
            }
        }
    }

    private async Task SetStateAsync((BridgeSummary Bridge, BridgeState State) change)
    {
        var (bridge, state) = change;
        busy = true;
        failure = null;
        try
        {
            await Bridges.SetStateAsync(actor!, bridge.Id, state, CancellationToken.None);
            Snackbar.Add(state == BridgeState.Running ? $"'{bridge.Name}' is streaming" : $"'{bridge.Name}' stopped", Severity.Success);
        }
        catch (AccessDeniedException e)
        {
            failure = e.Message;
        }
        finally
        {
            await ReloadAsync();
            busy = false;
        }
    }
}

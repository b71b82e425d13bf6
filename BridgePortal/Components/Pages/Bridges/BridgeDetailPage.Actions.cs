using BridgePortal.Components.Shared;
using BridgePortal.Data.Model;
using MudBlazor;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>The bridge page's buttons: each runs alone, a denied one is shown, and the page reads fresh data after it.</summary>
public sealed partial class BridgeDetailPage
{
    /// <summary>A user action: one at a time, denied ones shown, then fresh data.</summary>
    private async Task ActAsync(Func<Task> action)
    {
        busy = true;
        failure = null;
        try
        {
            await GuardedAsync(_ => action());
        }
        catch (AccessDeniedException e)
        {
            failure = e.Message;
        }
        finally
        {
            await GuardedAsync(LoadAsync);
            busy = false;
        }
    }

    private Task SetStateAsync(BridgeState state) => ActAsync(async () =>
    {
        await Bridges.SetStateAsync(actor!, Id, state, CancellationToken.None);
        Snackbar.Add(state == BridgeState.Running ? "Streaming started" : "Streaming stopped", Severity.Success);
    });

    private Task PauseAsync() => ActAsync(async () =>
    {
        await Bridges.PauseAsync(actor!, Id, CancellationToken.None);
        Snackbar.Add("Delivery paused", Severity.Success);
    });

    private Task ResumeAsync() => ActAsync(async () =>
    {
        await Bridges.ResumeAsync(actor!, Id, CancellationToken.None);
        Snackbar.Add("Delivery resumed", Severity.Success);
    });

    private Task PollNowAsync() => ActAsync(async () =>
    {
        await Bridges.PollNowAsync(actor!, Id, CancellationToken.None);
        Snackbar.Add("Poll started", Severity.Success);
    });

    private async Task EditAsync()
    {
        var parameters = new DialogParameters<BridgeDialog> { { d => d.BridgeId, Id } };
        var dialog = await Dialogs.ShowAsync<BridgeDialog>($"Edit {bridge?.Name}", parameters, BridgeDialogOptions.Options);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("Bridge saved", Severity.Success);
            await ActAsync(() => Task.CompletedTask);
        }
    }

    private async Task RegenerateTokenAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Regenerate token",
            "Issue a new ingest token? The current one stops working at once.", yesText: "Regenerate", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        string? token = null;
        await ActAsync(async () => token = await Bridges.RegenerateTokenAsync(actor!, Id, CancellationToken.None));
        if (token is not null && bridge is not null)
        {
            await IngestTokenDialog.ShowAsync(Dialogs, Navigation, bridge.Key, token);
        }
    }

    private async Task DeleteAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Delete bridge",
            $"Delete '{bridge?.Name}' with all its records and attempts? This cannot be undone.", "Delete", danger: true))
        {
            return;
        }

        var deleted = false;
        await ActAsync(async () =>
        {
            await Bridges.DeleteAsync(actor!, Id, CancellationToken.None);
            deleted = true;
        });
        if (deleted)
        {
            Snackbar.Add("Bridge deleted", Severity.Success);
            Navigation.NavigateTo("/bridges");
        }
    }
}

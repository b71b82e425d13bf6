using BridgePortal.Connectors;
using MudBlazor;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Connections;

/// <summary>The Connections page's actions: create and edit in a dialog, delete after asking, test; each then reloads the list.</summary>
public sealed partial class ConnectionsPage
{
    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<ConnectionDialog>("New connection", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            Snackbar.Add($"Connection '{name}' created", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditAsync(ConnectionView connection)
    {
        var parameters = new DialogParameters<ConnectionDialog> { { d => d.Connection, connection } };
        var dialog = await Dialogs.ShowAsync<ConnectionDialog>($"Edit {connection.Name}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Connection '{connection.Name}' saved", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(ConnectionView connection)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete connection",
            $"Delete the connection '{connection.Name}'? Its stored credentials are erased.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            if (await Connections.DeleteAsync(actor!, connection.Id, CancellationToken.None) is { } refusal)
            {
                Snackbar.Add(refusal, Severity.Warning);
            }
            else
            {
                Snackbar.Add($"Connection '{connection.Name}' deleted", Severity.Success);
            }
        });
    }

    private Task TestAsync(ConnectionView connection) => RunAsync(async () =>
    {
        var result = await Connections.TestAsync(actor!, connection.Id, CancellationToken.None);
        Snackbar.Add($"{connection.Name}: {(result.Succeeded ? "ok" : "failed")} — {result.Message} ({result.LatencyMs} ms)",
            result.Succeeded ? Severity.Success : Severity.Error);
    });

    /// <summary>One change at a time (the circuit shares one database context), then the fresh list.</summary>
    private async Task RunAsync(Func<Task> action)
    {
        busy = true;
        failure = null;
        try
        {
            await action();
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

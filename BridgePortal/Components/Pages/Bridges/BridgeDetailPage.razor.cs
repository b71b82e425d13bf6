using BridgePortal.Components.Shared;
using BridgePortal.Engine.Jobs;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>
/// One bridge: its state and actions, records and recent attempts, refreshed every 3 s while open. The page
/// owns a service scope of its own, so its timer never shares a database context with the dialogs it opens.
/// </summary>
public sealed partial class BridgeDetailPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim gate = new(1, 1);
    private Timer? timer;
    private Bridge? bridge;
    private Actor? actor;
    private IReadOnlyList<AttemptRow> attempts = [];
    private BridgeRecords? records;
    private string? notFound;
    private string? failure;
    private bool busy;

    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private BridgeService Bridges => ScopedServices.GetRequiredService<BridgeService>();

    private RecordService Records => ScopedServices.GetRequiredService<RecordService>();

    private ConnectorRegistry Registry => ScopedServices.GetRequiredService<ConnectorRegistry>();

    private PollScheduler Polls => ScopedServices.GetRequiredService<PollScheduler>();

    private DateTime? nextPoll;

    private bool Editable => bridge is not null && actor is not null && actor.CanChange(bridge.OwnerId);

    protected override async Task OnParametersSetAsync()
    {
        actor = new Actor((await AuthState).User);
        await GuardedAsync(LoadAsync);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            timer = new Timer(_ => _ = InvokeAsync(TickAsync), null, RefreshInterval, RefreshInterval);
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        if (timer is not null)
        {
            await timer.DisposeAsync();
            timer = null;
        }

        await base.DisposeAsyncCore();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            timer?.Dispose();
            timer = null;
        }

        base.Dispose(disposing);
    }

    private static Color OutcomeColor(AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Delivered => Color.Success,
        AttemptOutcome.TransientFailure => Color.Warning,
        _ => Color.Error,
    };

    private async Task LoadAsync()
    {
        try
        {
            bridge = await Bridges.GetAsync(actor!, Id, CancellationToken.None);
            attempts = await Records.AttemptsAsync(actor!, Id, null, 20, CancellationToken.None);
            nextPoll = Polls.Polls(bridge) ? Polls.NextPoll(bridge.Id) : null;
            await LoadConnectionNamesAsync();
            notFound = null;
        }
        catch (AccessDeniedException)
        {
            (bridge, attempts, notFound) = (null, [], "No such bridge, or it is not yours to see.");
        }
    }

    /// <summary>Skips a tick while anything else talks to the database: ticks must never pile up.</summary>
    private async Task TickAsync()
    {
        if (IsDisposed || busy || gate.CurrentCount == 0 || notFound is not null)
        {
            return;
        }

        await GuardedAsync(LoadAsync);
        if (records is not null)
        {
            await records.RefreshAsync();
        }

        StateHasChanged();
    }

    private async Task GuardedAsync(Func<Task> action)
    {
        await gate.WaitAsync();
        try
        {
            await action();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A user action: one at a time, denied ones shown, then fresh data.</summary>
    private async Task ActAsync(Func<Task> action)
    {
        busy = true;
        failure = null;
        try
        {
            await GuardedAsync(action);
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

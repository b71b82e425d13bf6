using BridgePortal.Engine.Jobs;
using BridgePortal.Data.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>
/// One bridge: its state and actions, records and recent attempts, refreshed every 3 s while open. The page
/// owns a service scope of its own, so its timer never shares a database context with the dialogs it opens.
/// </summary>
public sealed partial class BridgeDetailPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

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

    /// <summary>The connectors' own sections of the page (CSV drop, GitHub back-fill, Salesforce mappings …).</summary>
    [Inject]
    private IEnumerable<BridgePanel> Panels { get; set; } = default!;

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
        if (firstRender)
        {
            StartRefreshing(RefreshInterval);
        }
    }

    protected override async Task LoadAsync(CancellationToken token)
    {
        try
        {
            bridge = await Bridges.GetAsync(actor!, Id, token);
            attempts = await Records.AttemptsAsync(actor!, Id, null, 20, token);
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
    protected override async Task TickAsync()
    {
        if (busy || !Idle || notFound is not null)
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
}

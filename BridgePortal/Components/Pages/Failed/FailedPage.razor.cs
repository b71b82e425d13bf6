using BridgePortal.Data.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Failed;

/// <summary>
/// The Failed page: the filter lives in the URL (<see cref="RecordFilterQuery"/>), every change navigates, and the
/// list reloads from the new address; every action goes through <see cref="RecordService"/>, which holds the rules.
/// </summary>
public sealed partial class FailedPage
{
    private const int PageSize = 50;
    private static readonly RecordStatus[] Shown = [RecordStatus.Failed, RecordStatus.DeadLettered, RecordStatus.Discarded];
    private Actor actor = default!;
    private bool canChange;
    private IReadOnlyList<BridgeSummary> bridges = [];
    private IReadOnlyList<RecordRow> rows = [];
    private IReadOnlyList<ErrorGroup> errors = [];
    private HashSet<RecordRow> selected = [];
    private RecordFilter filter = new(Statuses: RecordService.FailedStatuses);
    private int total;
    private int retryable;
    private int page = 1;
    private bool loading = true;
    private (int Count, DateTime At)? lastRetried;

    [Inject] private RecordService Records { get; set; } = default!;

    [Inject] private BridgeService Bridges { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private ILogger<FailedPage> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = new Actor((await AuthState).User);
        canChange = actor.IsAdmin || actor.IsOperator; // Operators only see their own bridges' records
        await GuardedAsync(async token => bridges = await Bridges.ListAsync(actor, token));
        await ReadFilterAsync();
        Navigation.LocationChanged += LocationChanged;
        StartRefreshing(TimeSpan.FromSeconds(3));
    }

    protected override async Task LoadAsync(CancellationToken token)
    {
        var result = await Records.ListAsync(actor, filter, (page - 1) * PageSize, PageSize, token);
        if (page > 1 && result.Rows.Count == 0 && result.Total > 0)
        {
            page = (result.Total + PageSize - 1) / PageSize;
            result = await Records.ListAsync(actor, filter, (page - 1) * PageSize, PageSize, token);
        }

        (rows, total) = (result.Rows, result.Total);
        retryable = RetryableFilter.Statuses!.Count == 0 ? 0 : await Records.CountAsync(actor, RetryableFilter, token);
        errors = await Records.ErrorGroupsAsync(actor, filter, 5, token);
        var ids = selected.Select(r => r.Id).ToHashSet();
        selected = [.. rows.Where(r => ids.Contains(r.Id))];
        loading = false;
    }

    // Retry acts on Failed/DeadLettered only: Discarded records are restored first.
    private RecordFilter RetryableFilter => filter with { Statuses = [.. filter.Statuses!.Intersect(RecordService.FailedStatuses)] };

    // The base runs one database operation at a time (the circuit's DbContext is not thread-safe, and a poll may meet a click).
    protected override bool HandleFailure(Exception failure)
    {
        if (failure is AccessDeniedException)
        {
            return false;
        }

        Logger.LogWarning(failure, "Failed page: a database operation failed");
        Snackbar.Add("That did not work; the server log has the details.", Severity.Error);
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Navigation.LocationChanged -= LocationChanged;
        }

        base.Dispose(disposing);
    }
}

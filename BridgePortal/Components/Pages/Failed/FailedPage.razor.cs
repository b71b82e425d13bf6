using BridgePortal.Components.Shared;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Failed;

/// <summary>
/// The Failed page: the filter lives in the URL (<see cref="RecordFilterQuery"/>), every change navigates, and the
/// list reloads from the new address; every action goes through <see cref="RecordService"/>, which holds the rules.
/// </summary>
public sealed partial class FailedPage
{
    private const int PageSize = 50;
    private static readonly RecordStatus[] Shown = [RecordStatus.Failed, RecordStatus.DeadLettered, RecordStatus.Discarded];
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private Timer? timer;
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

    private bool IsFiltered =>
        filter.BridgeId is not null || filter.Search is not null || filter.Error is not null || filter.From is not null || filter.To is not null
        || !filter.Statuses!.ToHashSet().SetEquals(RecordService.FailedStatuses);

    protected override async Task OnInitializedAsync()
    {
        actor = new Actor((await AuthState).User);
        canChange = actor.IsAdmin || actor.IsOperator; // Operators only see their own bridges' records
        await GuardedAsync(async token => bridges = await Bridges.ListAsync(actor, token));
        await ReadFilterAsync();
        Navigation.LocationChanged += LocationChanged;
        if (RendererInfo.IsInteractive)
        {
            var period = TimeSpan.FromSeconds(3);
            timer = new Timer(_ => _ = InvokeAsync(PollAsync), null, period, period);
        }
    }

    // A filter change navigates to the same page with another query: Blazor keeps the component, so it listens.
    private void LocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            await ReadFilterAsync();
            StateHasChanged();
        });

    private async Task ReadFilterAsync()
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        var next = RecordFilterQuery.Parse(key => query.TryGetValue(key, out var v) ? v.FirstOrDefault() : null, RecordService.FailedStatuses);
        filter = next;
        page = 1;
        selected = [];
        await GuardedAsync(LoadAsync);
    }

    private string ExportUrl(string format) =>
        Navigation.GetUriWithQueryParameters("records/export", new Dictionary<string, object?>(RecordFilterQuery.ToQuery(filter, RecordService.FailedStatuses)) { ["format"] = format });

    private Task ApplyAsync(RecordFilter next)
    {
        if (next.Statuses is not { Count: > 0 })
        {
            next = next with { Statuses = RecordService.FailedStatuses };
        }

        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(RecordFilterQuery.ToQuery(next, RecordService.FailedStatuses)), replace: true);
        return Task.CompletedTask;
    }

    private async Task PollAsync()
    {
        await GuardedAsync(LoadAsync);
        StateHasChanged();
    }

    private async Task LoadAsync(CancellationToken token)
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

    private Task GoToPageAsync(int value)
    {
        page = value;
        return GuardedAsync(LoadAsync);
    }

    private Task RetrySelectedAsync() => RetryAsync([.. selected.Select(r => r.Id)]);

    private Task RetryAsync(IReadOnlyCollection<long> ids) => AfterRetryAsync(token => Records.RetryAsync(actor, ids, token));

    private async Task RetryMatchingAsync()
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Retry all matching",
            $"Make all {retryable} failed record(s) matching the filter Pending again, with a fresh retry budget?", "Retry all", danger: false))
        {
            await AfterRetryAsync(token => Records.RetryMatchingAsync(actor, RetryableFilter, token));
        }
    }

    private async Task RetryErrorAsync(ErrorGroup group)
    {
        var same = RetryableFilter with { Error = null, ExactError = group.Error };
        if (await ConfirmDialog.AskAsync(Dialogs, "Retry all with this error",
            $"Make the {group.Count} record(s) whose last error is this one Pending again, with a fresh retry budget?", "Retry all", danger: false))
        {
            await AfterRetryAsync(token => Records.RetryMatchingAsync(actor, same, token));
        }
    }

    private async Task AfterRetryAsync(Func<CancellationToken, Task<int>> retry) => await GuardedAsync(async token =>
    {
        var count = await retry(token);
        lastRetried = (count, Clock.GetUtcNow().UtcDateTime);
        Snackbar.Add($"{count} record(s) queued for delivery", Severity.Success);
        await LoadAsync(token);
    });

    private Task DiscardOneAsync(RecordRow row) => DiscardAsync([row.Id], $"'{Short(row.NaturalId)}'");

    private Task DiscardSelectedAsync() => DiscardAsync([.. selected.Select(r => r.Id)], $"{selected.Count} record(s)");

    private async Task DiscardAsync(IReadOnlyCollection<long> ids, string what)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Discard records",
            $"Set {what} aside as Discarded? They are kept with their attempts, never delivered, hidden from this list unless you choose Discarded, and can be restored.",
            "Discard", danger: true))
        {
            return;
        }

        await GuardedAsync(async token =>
        {
            var count = await Records.DiscardAsync(actor, ids, token);
            Snackbar.Add($"{count} record(s) discarded", Severity.Success);
            selected = [];
            await LoadAsync(token);
        });
    }

    private Task RestoreAsync(RecordRow row) => GuardedAsync(async token =>
    {
        var count = await Records.RestoreAsync(actor, [row.Id], token);
        Snackbar.Add($"{count} record(s) restored as Failed", Severity.Success);
        await LoadAsync(token);
    });

    private async Task ShowHistoryAsync(RecordRow row)
    {
        var parameters = new DialogParameters<RecordHistoryDialog> { { d => d.RecordId, row.Id }, { d => d.Actor, actor } };
        await Dialogs.ShowAsync<RecordHistoryDialog>("Record", parameters, new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });
    }

    private async Task ReplayAsync()
    {
        var parameters = new DialogParameters<ReplayDialog> { { d => d.Actor, actor }, { d => d.Bridges, bridges.Where(b => b.Editable).ToList() }, { d => d.BridgeId, filter.BridgeId } };
        var dialog = await Dialogs.ShowAsync<ReplayDialog>("Replay delivered records", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: int count })
        {
            Snackbar.Add($"{count} delivered record(s) queued to be sent again", Severity.Success);
        }
    }

    private static string Short(string text) => text.Length > 60 ? text[..57] + "…" : text;

    // One database operation at a time: the circuit's DbContext is not thread-safe, and a poll may meet a click.
    private async Task GuardedAsync(Func<CancellationToken, Task> action)
    {
        try
        {
            await gate.WaitAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await action(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the page was left
        }
        catch (Exception e) when (e is not AccessDeniedException)
        {
            Logger.LogWarning(e, "Failed page: a database operation failed");
            Snackbar.Add("That did not work; the server log has the details.", Severity.Error);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        // The token source is only cancelled, not disposed: a poll already queued may still read its token.
        Navigation.LocationChanged -= LocationChanged;
        timer?.Dispose();
        stopping.Cancel();
    }
}

using BridgePortal.Components.Shared;
using MudBlazor;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Failed;

/// <summary>The Failed page's actions: retry, discard, restore (each one guarded database operation), and the dialogs.</summary>
public sealed partial class FailedPage
{
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
}

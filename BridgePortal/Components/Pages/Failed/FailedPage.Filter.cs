using Microsoft.AspNetCore.Components;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Failed;

/// <summary>What the Failed page shows: the filter read from the address (a change navigates, so the page can be shared) and the page number.</summary>
public sealed partial class FailedPage
{
    private bool IsFiltered =>
        filter.BridgeId is not null || filter.Search is not null || filter.Error is not null || filter.From is not null || filter.To is not null
        || !filter.Statuses!.ToHashSet().SetEquals(RecordService.FailedStatuses);

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

    private Task GoToPageAsync(int value)
    {
        page = value;
        return GuardedAsync(LoadAsync);
    }
}

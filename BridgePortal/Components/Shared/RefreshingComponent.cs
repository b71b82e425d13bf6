namespace BridgePortal.Components.Shared;

/// <summary>
/// A component that re-reads what it shows: <see cref="RefreshAsync"/> skips while another operation runs (a refresh
/// never waits behind a click or another refresh), and <see cref="StartRefreshing"/> repeats it while the page is live.
/// </summary>
public abstract class RefreshingComponent : GuardedComponent
{
    /// <summary>Reads what the component shows; runs as one guarded operation.</summary>
    protected abstract Task LoadAsync(CancellationToken token);

    /// <summary>Reloads unless another operation runs now (that one shows fresh data when it ends).</summary>
    protected Task RefreshAsync() => TryGuardedAsync(LoadAsync);

    /// <summary>Runs <see cref="TickAsync"/> every <paramref name="period"/> (first after one period) until the component goes away.</summary>
    protected void StartRefreshing(TimeSpan period)
    {
        // A prerendered (static) copy is thrown away at once: only the interactive one ticks.
        if (RendererInfo.IsInteractive)
        {
            _ = RefreshLoopAsync(period);
        }
    }

    /// <summary>One tick: a refresh, then a render. Components that skip ticks or refresh children override it.</summary>
    protected virtual async Task TickAsync()
    {
        await RefreshAsync();
        StateHasChanged();
    }

    // One tick at a time: the next waits until this one has run on the renderer.
    private async Task RefreshLoopAsync(TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(Stopping);
                await InvokeAsync(TickAsync);
            }
            catch (Exception)
            {
                // A failed refresh is retried at the next tick; once the component is gone the loop ends.
            }
        }
    }
}

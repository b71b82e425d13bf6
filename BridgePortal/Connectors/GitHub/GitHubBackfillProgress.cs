using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Connectors.GitHub;

/// <summary>The run's row, saved after each step, and the persisted cancel flag read back (Cancel from another instance).</summary>
internal sealed class GitHubBackfillProgress(BridgeDbContext db, GitHubBackfill run, CancellationTokenSource cancel, TimeProvider clock)
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public GitHubBackfill Run => run;

    public Task StartPhaseAsync(string phase, CancellationToken cancellationToken)
    {
        (run.Phase, run.PhasePages, run.PhaseLastPage) = (phase, 0, null);
        return SaveAsync(cancellationToken);
    }

    /// <summary>A page is stored; <paramref name="lastPage"/> from <c>rel="last"</c> (GitHub leaves it out on the last page itself).</summary>
    public Task PageDoneAsync(int? lastPage, bool final, CancellationToken cancellationToken)
    {
        run.Pages++;
        run.PhasePages++;
        run.PhaseLastPage = final ? run.PhasePages : lastPage ?? run.PhaseLastPage;
        return SaveAsync(cancellationToken);
    }

    public async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + wait;
        run.RateLimitWaits++;
        run.WaitingUntil = until.UtcDateTime;
        await SaveAsync(cancellationToken);
        var beat = clock.GetTimestamp();
        for (var left = until - clock.GetUtcNow(); left > TimeSpan.Zero; left = until - clock.GetUtcNow())
        {
            await Task.Delay(left < WaitSlice ? left : WaitSlice, clock, cancellationToken);
            if (clock.GetElapsedTime(beat) >= Heartbeat)
            {
                await SaveAsync(cancellationToken);
                beat = clock.GetTimestamp();
            }
            else
            {
                await CheckCancelAsync(cancellationToken);
            }
        }

        run.WaitingUntil = null;
        await SaveAsync(cancellationToken);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await CheckCancelAsync(cancellationToken);
    }

    private async Task CheckCancelAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<GitHubBackfill>().AnyAsync(b => b.Id == run.Id && b.CancelRequested, cancellationToken))
        {
            await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}

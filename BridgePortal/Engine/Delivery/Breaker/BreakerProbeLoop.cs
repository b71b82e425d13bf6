using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Wakes the dispatcher of every automatically paused bridge whose probe is due. A paused bridge's records may
/// all sit in backoff, so nothing else would dispatch it; one small query of the bridge table a second.
/// </summary>
public sealed class BreakerProbeLoop(IServiceScopeFactory scopes, DispatchSignal signal, TimeProvider clock, ILogger<BreakerProbeLoop> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
                var now = clock.GetUtcNow().UtcDateTime;
                var due = await db.Bridges.Where(b => b.State == BridgeState.Running && b.PausedAt != null && !b.PausedManually && b.ProbeAt <= now)
                    .Select(b => b.Id).ToListAsync(stoppingToken);
                foreach (var id in due)
                {
                    signal.Notify(id);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking for due breaker probes failed; trying again in a second");
            }
        }
    }
}

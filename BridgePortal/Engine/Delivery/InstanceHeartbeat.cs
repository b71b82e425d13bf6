using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Keeps this instance's heartbeat row fresh and reclaims dead instances' leases within seconds. The first
/// heartbeat and the start-up reclaim happen before the delivery worker starts, so no claim of ours is taken
/// for a dead one's.
/// </summary>
public sealed class InstanceHeartbeat(
    IServiceScopeFactory scopes, EngineInstanceId instance, LeaseReclaimer reclaimer, StorageSettings storage, SqliteWriteGate gate, TimeProvider clock, ILogger<InstanceHeartbeat> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await reclaimer.ReclaimAsync(startingAlone: storage.Provider == StorageProvider.Sqlite, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Its own short budget: the host's stop token may already be spent on other services.
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
            await db.EngineInstances.Where(i => i.Id == instance.Id).ExecuteDeleteAsync(budget.Token);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            // The host is being torn down: the row ages out and the others see this instance as gone in seconds.
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not remove this instance's heartbeat on shutdown: {Error}", e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval); // real time, also when tests fake the clock
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // On SQLite these writes take their turn with intake and delivery: colliding with a group commit
                // would cost it the driver's 150 ms busy sleep (the ingest p99 showed it, every 2 s).
                using (await gate.EnterAsync(stoppingToken))
                {
                    await BeatAsync(stoppingToken);
                    await reclaimer.ReclaimAsync(startingAlone: false, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Heartbeat failed ({Error}); trying again in {Seconds} s", e.Message, Interval.TotalSeconds);
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.EngineInstances.Where(i => i.Id == instance.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.HeartbeatAt, now), cancellationToken) == 0)
        {
            db.EngineInstances.Add(new EngineInstance { Id = instance.Id, Host = Environment.MachineName, StartedAt = now, HeartbeatAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        // Rows of instances that stopped long ago are only history.
        await db.EngineInstances.Where(i => i.HeartbeatAt < now.AddHours(-1)).ExecuteDeleteAsync(cancellationToken);
    }
}

using BridgePortal.Data;
using BridgePortal.Data.Model;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// The recurring auto clean-up (every 15 minutes): for every running bridge into AtHoc whose sink has
/// "Clear on-duty status after (hours)" set, queues the clears that are due (<see cref="AtHocDutyCleanup"/>).
/// </summary>
public sealed class AtHocDutyCleanupJob(BridgeDbContext db, AtHocDutyCleanup cleanup, ILogger<AtHocDutyCleanupJob> logger)
{
    public const string Id = "athoc-duty-cleanup";
    public const string Schedule = "*/15 * * * *";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 5)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var bridges = await db.Bridges.AsNoTracking().Where(b => b.State == BridgeState.Running && b.SinkKind == AtHocSink.SinkKind).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var bridge in bridges)
        {
            var (hours, error) = AtHocSettings.Cleanup(SettingsJson.Read(bridge.SinkSettingsJson));
            if (error is not null)
            {
                logger.LogWarning("Auto clean-up of bridge {BridgeId} is off: {Error}", bridge.Id, error);
            }

            if (hours is { } h)
            {
                queued += await cleanup.RunAsync(bridge, h, cancellationToken);
                db.ChangeTracker.Clear();
            }
        }

        return queued;
    }
}

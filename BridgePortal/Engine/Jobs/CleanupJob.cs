using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BridgePortal.Engine.Jobs;

/// <summary>
/// Purges payloads of Delivered and Discarded records older than <c>Retention:Days</c> (rows and counts stay) and
/// dead-letters Failed records older than <c>Retention:FailedDays</c> (still visible and retryable).
/// </summary>
public sealed class CleanupJob(BridgeDbContext db, TimeProvider clock, IOptions<RetentionOptions> retention, ILogger<CleanupJob> logger)
{
    public const string Id = "engine-cleanup";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deliveredBefore = now.AddDays(-retention.Value.Days);
        var failedBefore = now.AddDays(-retention.Value.FailedDays);

        var purged = await db.Records
            .Where(r => r.Status == RecordStatus.Delivered && r.DeliveredAt < deliveredBefore && r.Payload != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Payload, (string?)null), cancellationToken);
        // Discarded records were set aside, not deleted: their payloads go after the same window as delivered ones.
        purged += await db.Records
            .Where(r => r.Status == RecordStatus.Discarded && r.LastAttemptAt < deliveredBefore && r.Payload != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Payload, (string?)null), cancellationToken);
        var deadLettered = await db.Records
            .Where(r => r.Status == RecordStatus.Failed && r.LastAttemptAt < failedBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecordStatus.DeadLettered), cancellationToken);
        logger.LogInformation("Clean-up purged {Purged} delivered payload(s) and dead-lettered {DeadLettered} failed record(s)", purged, deadLettered);
    }
}

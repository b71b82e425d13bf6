using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine.Jobs;

/// <summary>Reads how the records of one batch (module) of a bridge ended, for an <see cref="ISettlingSource"/>.</summary>
public static class BatchOutcomes
{
    /// <summary>Null while any record of the batch is Pending or Delivering.</summary>
    public static async Task<BatchOutcome?> ReadAsync(BridgeDbContext db, Guid bridgeId, string module, CancellationToken cancellationToken)
    {
        var records = await db.Records.AsNoTracking().Where(r => r.BridgeId == bridgeId && r.Module == module)
            .Select(r => new { r.Id, r.NaturalId, r.Status, r.LastError }).ToListAsync(cancellationToken);
        if (records.Any(r => r.Status is RecordStatus.Pending or RecordStatus.Delivering))
        {
            return null;
        }

        var failedIds = records.Where(r => r.Status is RecordStatus.Failed or RecordStatus.DeadLettered).Select(r => r.Id).ToList();
        var transient = new HashSet<long>();
        if (failedIds.Count > 0)
        {
            var attempts = await db.Attempts.AsNoTracking().Where(a => failedIds.Contains(a.RecordId))
                .Select(a => new { a.Id, a.RecordId, a.Outcome }).ToListAsync(cancellationToken);
            transient = [.. attempts.GroupBy(a => a.RecordId).Where(g => g.MaxBy(a => a.Id)!.Outcome != AttemptOutcome.PermanentFailure).Select(g => g.Key)];
        }

        return new BatchOutcome(
            [.. records.Where(r => r.Status == RecordStatus.Delivered).Select(r => r.NaturalId)],
            [.. records.Where(r => r.Status != RecordStatus.Delivered).Select(r => new FailedRecord(r.NaturalId, r.LastError, transient.Contains(r.Id)))]);
    }
}

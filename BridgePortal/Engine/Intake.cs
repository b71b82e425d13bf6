using System.Security.Cryptography;
using System.Text;
using BridgePortal.Data;
using BridgePortal.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Stores inbound records in one transaction, idempotent by natural id: the same content again is a
/// no-op, changed content makes the record Pending again. Callers acknowledge only after this returns.
/// </summary>
public sealed class Intake(BridgeDbContext db, TimeProvider clock, DispatchSignal signal)
{
    public async Task<IReadOnlyList<IntakeResult>> AcceptAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AcceptOnceAsync(bridge, records, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A concurrent intake of the same natural id won the race (unique index or version check): re-read and re-apply.
                db.ChangeTracker.Clear();
            }
        }
    }

    public static string Hash(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));

    private async Task<IReadOnlyList<IntakeResult>> AcceptOnceAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var naturalIds = records.Select(r => r.NaturalId).Distinct().ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.Records
            .Where(r => r.BridgeId == bridge.Id && naturalIds.Contains(r.NaturalId))
            .ToDictionaryAsync(r => r.NaturalId, cancellationToken);

        var results = new List<IntakeResult>(records.Count);
        var added = new List<(int Index, Record Record)>();
        foreach (var inbound in records)
        {
            var hash = Hash(inbound.Payload);
            if (!existing.TryGetValue(inbound.NaturalId, out var record))
            {
                record = new Record
                {
                    BridgeId = bridge.Id,
                    NaturalId = inbound.NaturalId,
                    Module = inbound.Module,
                    Payload = inbound.Payload,
                    ContentHash = hash,
                    Status = RecordStatus.Pending,
                    ReceivedAt = now,
                };
                db.Records.Add(record);
                existing[inbound.NaturalId] = record;
                added.Add((results.Count, record));
                results.Add(new IntakeResult(0, inbound.NaturalId, IntakeDisposition.Accepted));
            }
            else if (record.ContentHash == hash)
            {
                results.Add(new IntakeResult(record.Id, inbound.NaturalId, record.Id == 0 ? IntakeDisposition.Accepted : IntakeDisposition.Unchanged));
                if (record.Id == 0)
                {
                    added.Add((results.Count - 1, record));
                }
            }
            else
            {
                record.Payload = inbound.Payload;
                record.ContentHash = hash;
                record.Module = inbound.Module;
                record.Version++;
                record.Status = RecordStatus.Pending;
                record.Attempts = 0;
                record.NextAttemptAt = null;
                record.LeaseUntil = null;
                record.LastError = null;
                record.ReceivedAt = now;
                record.DeliveredAt = null;
                var disposition = record.Id == 0 ? IntakeDisposition.Accepted : IntakeDisposition.Updated;
                results.Add(new IntakeResult(record.Id, inbound.NaturalId, disposition));
                if (record.Id == 0)
                {
                    added.Add((results.Count - 1, record));
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var (index, record) in added)
        {
            results[index] = results[index] with { RecordId = record.Id };
        }

        if (bridge.State == BridgeState.Running && results.Any(r => r.Disposition != IntakeDisposition.Unchanged))
        {
            signal.Notify(bridge.Id);
        }

        return results;
    }
}

using System.Security.Cryptography;
using System.Text;
using BridgePortal.Data;
using BridgePortal.Engine.Model;
using BridgePortal.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Stores inbound records in one transaction, idempotent by natural id: the same content again is a
/// no-op, changed content makes the record Pending again. Callers acknowledge only after this returns.
/// </summary>
public sealed class Intake(BridgeDbContext db, TimeProvider clock, DispatchSignal signal, EngineMetrics metrics)
{
    public Task<IReadOnlyList<IntakeResult>> AcceptAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, CancellationToken cancellationToken) =>
        AcceptOnceAsync(bridge, records, null, cancellationToken);

    /// <summary>Stores a polled page and moves the bridge's source cursor to <paramref name="cursor"/> in the same transaction.</summary>
    public Task<IReadOnlyList<IntakeResult>> AcceptPageAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, string? cursor, CancellationToken cancellationToken) =>
        AcceptOnceAsync(bridge, records, cursor, cancellationToken);

    public static string Hash(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));

    // Insert, or update only when the content changed (RETURNING tells which); no row back means the same
    // content again. Several records share one transaction: one statement per 1,000 on PostgreSQL, one per
    // record otherwise (and when a call repeats a natural id, so that the later content wins as an update).
    private async Task<IReadOnlyList<IntakeResult>> AcceptOnceAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, string? cursor, CancellationToken cancellationToken)
    {
        using var span = EngineMetrics.StartIntake(bridge, records.Count);
        var now = clock.GetUtcNow().UtcDateTime;
        var results = new List<IntakeResult>(records.Count);
        await using var transaction = records.Count > 1 || cursor is not null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var batched = db is PostgresBridgeDbContext && records.Count > 1 && records.Select(r => r.NaturalId).Distinct(StringComparer.Ordinal).Count() == records.Count;
        for (var at = 0; batched && at < records.Count; at += PageSize)
        {
            results.AddRange(await UpsertManyAsync(bridge, records.Skip(at).Take(PageSize).ToList(), now, cancellationToken));
        }

        foreach (var inbound in batched ? [] : records)
        {
            var hash = Hash(inbound.Payload);
            var row = (await db.Database.SqlQuery<UpsertedRow>($"""
                INSERT INTO "Records" ("BridgeId", "NaturalId", "Module", "Payload", "ContentHash", "Version", "Status", "Attempts", "ReceivedAt")
                VALUES ({bridge.Id}, {inbound.NaturalId}, {inbound.Module}, {inbound.Payload}, {hash}, 1, 0, 0, {now})
                ON CONFLICT ("BridgeId", "NaturalId") DO UPDATE SET
                    "Module" = excluded."Module", "Payload" = excluded."Payload", "ContentHash" = excluded."ContentHash",
                    "Version" = "Records"."Version" + 1, "Status" = 0, "Attempts" = 0, "NextAttemptAt" = NULL,
                    "LeaseUntil" = NULL, "LastError" = NULL, "ReceivedAt" = excluded."ReceivedAt", "DeliveredAt" = NULL
                WHERE "Records"."ContentHash" <> excluded."ContentHash"
                RETURNING "Id", "Version"
                """).ToListAsync(cancellationToken)).FirstOrDefault();
            if (row is not null)
            {
                results.Add(new IntakeResult(row.Id, inbound.NaturalId, row.Version == 1 ? IntakeDisposition.Accepted : IntakeDisposition.Updated));
                continue;
            }

            var id = await db.Records.Where(r => r.BridgeId == bridge.Id && r.NaturalId == inbound.NaturalId).Select(r => r.Id).FirstAsync(cancellationToken);
            results.Add(new IntakeResult(id, inbound.NaturalId, IntakeDisposition.Unchanged));
        }

        if (cursor is not null)
        {
            await db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.SourceCursor, cursor), cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        metrics.Received(bridge, results);
        if (bridge.State == BridgeState.Running && results.Any(r => r.Disposition != IntakeDisposition.Unchanged))
        {
            signal.Notify(bridge.Id);
        }

        return results;
    }

    private const int PageSize = 1000;

    // PostgreSQL: one statement for many records (arrays unnested in their order, so ids follow intake order);
    // the natural ids of a call are distinct, so no row is touched twice.
    private async Task<IEnumerable<IntakeResult>> UpsertManyAsync(Bridge bridge, List<InboundRecord> records, DateTime now, CancellationToken cancellationToken)
    {
        var ids = records.Select(r => r.NaturalId).ToArray();
        var modules = records.Select(r => r.Module).ToArray();
        var payloads = records.Select(r => r.Payload).ToArray();
        var hashes = records.Select(r => Hash(r.Payload)).ToArray();
        var rows = await db.Database.SqlQuery<UpsertedManyRow>($"""
            INSERT INTO "Records" ("BridgeId", "NaturalId", "Module", "Payload", "ContentHash", "Version", "Status", "Attempts", "ReceivedAt")
            SELECT {bridge.Id}, t.n, t.m, t.p, t.h, 1, 0, 0, {now}
            FROM unnest({ids}::text[], {modules}::text[], {payloads}::text[], {hashes}::text[]) WITH ORDINALITY AS t(n, m, p, h, o)
            ORDER BY t.o
            ON CONFLICT ("BridgeId", "NaturalId") DO UPDATE SET
                "Module" = excluded."Module", "Payload" = excluded."Payload", "ContentHash" = excluded."ContentHash",
                "Version" = "Records"."Version" + 1, "Status" = 0, "Attempts" = 0, "NextAttemptAt" = NULL,
                "LeaseUntil" = NULL, "LastError" = NULL, "ReceivedAt" = excluded."ReceivedAt", "DeliveredAt" = NULL
            WHERE "Records"."ContentHash" <> excluded."ContentHash"
            RETURNING "Id", "NaturalId", "Version"
            """).ToListAsync(cancellationToken);
        var changed = rows.ToDictionary(r => r.NaturalId, StringComparer.Ordinal);
        var unchanged = ids.Where(id => !changed.ContainsKey(id)).ToArray();
        var known = unchanged.Length == 0
            ? []
            : await db.Records.Where(r => r.BridgeId == bridge.Id && unchanged.Contains(r.NaturalId))
                .Select(r => new { r.NaturalId, r.Id }).ToDictionaryAsync(r => r.NaturalId, r => r.Id, StringComparer.Ordinal, cancellationToken);
        return ids.Select(id => changed.TryGetValue(id, out var row)
            ? new IntakeResult(row.Id, id, row.Version == 1 ? IntakeDisposition.Accepted : IntakeDisposition.Updated)
            : new IntakeResult(known[id], id, IntakeDisposition.Unchanged));
    }

    private sealed class UpsertedManyRow
    {
        public long Id { get; set; }

        public string NaturalId { get; set; } = "";

        public int Version { get; set; }
    }

    private sealed class UpsertedRow
    {
        public long Id { get; set; }

        public int Version { get; set; }
    }
}

using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>PostgreSQL: arrays unnested, one statement text whatever the batch size (prepared once).</summary>
internal sealed class PostgresOutcomeStatements : IOutcomeStatements
{
    public static readonly PostgresOutcomeStatements Instance = new();

    private const string Delivered = """
        UPDATE "Records" AS r SET "Status" = 2, "Attempts" = r."Attempts" + 1, "LastAttemptAt" = {0}, "DeliveredAt" = {0},
            "LatencyMs" = t.l, "LeaseUntil" = NULL, "LeaseOwner" = NULL, "NextAttemptAt" = NULL, "LastError" = NULL
        FROM unnest({1}::bigint[], {2}::integer[], {3}::integer[]) AS t(id, v, l)
        WHERE r."Id" = t.id AND r."Version" = t.v AND r."Status" = 1
        """;

    private const string Failed = """
        UPDATE "Records" AS r SET "Status" = t.s, "Attempts" = r."Attempts" + 1, "LastAttemptAt" = {0},
            "LeaseUntil" = NULL, "LeaseOwner" = NULL, "NextAttemptAt" = t.n, "LastError" = t.e
        FROM unnest({1}::bigint[], {2}::integer[], {3}::integer[], {4}::timestamptz[], {5}::text[]) AS t(id, v, s, n, e)
        WHERE r."Id" = t.id AND r."Version" = t.v AND r."Status" = 1
        """;

    public Task<int> MarkDeliveredAsync(BridgeDbContext db, IReadOnlyList<DeliveredRow> rows, DateTime now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            Delivered,
            [now, rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Version).ToArray(), rows.Select(r => r.LatencyMs).ToArray()],
            cancellationToken);

    public Task<int> MarkFailedAsync(BridgeDbContext db, IReadOnlyList<FailedRow> rows, DateTime now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            Failed,
            [
                now,
                rows.Select(r => r.Result.Record.Id).ToArray(),
                rows.Select(r => r.Result.Record.Version).ToArray(),
                rows.Select(r => (int)r.Status).ToArray(),
                rows.Select(r => r.NextAttemptAt).ToArray(),
                rows.Select(r => r.Error).ToArray(),
            ],
            cancellationToken);
}

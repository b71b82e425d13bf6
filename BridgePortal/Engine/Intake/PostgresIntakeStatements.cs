using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>PostgreSQL: arrays unnested in their order (ids follow intake order); one statement text whatever the row count, so it is prepared once.</summary>
internal sealed class PostgresIntakeStatements : IIntakeStatements
{
    public static readonly PostgresIntakeStatements Instance = new();

    private const string Upsert = $"""
        INSERT INTO "Records" {IntakeUpsert.Columns}
        SELECT t.b, t.n, t.m, t.p, t.h, 1, 0, 0, {"{5}"}
        FROM unnest({"{0}"}::uuid[], {"{1}"}::text[], {"{2}"}::text[], {"{3}"}::text[], {"{4}"}::text[]) WITH ORDINALITY AS t(b, n, m, p, h, o)
        ORDER BY t.o
        {IntakeUpsert.OnConflict}
        """;

    private const string Find = """
        SELECT r."Id", r."BridgeId", r."NaturalId", NULL::integer AS "Version"
        FROM "Records" r JOIN unnest({0}::uuid[], {1}::text[]) AS t(b, n) ON r."BridgeId" = t.b AND r."NaturalId" = t.n
        """;

    public async Task<WrittenRow?[]> UpsertAsync(BridgeDbContext db, IReadOnlyList<IntakeRow> rows, DateTime now, CancellationToken cancellationToken)
    {
        var returned = await db.Database.SqlQueryRaw<IntakeIdRow>(
            Upsert,
            rows.Select(r => r.BridgeId).ToArray(),
            rows.Select(r => r.NaturalId).ToArray(),
            rows.Select(r => r.Module).ToArray(),
            rows.Select(r => r.Payload).ToArray(),
            rows.Select(r => r.Hash).ToArray(),
            now).ToListAsync(cancellationToken);
        return IntakeUpsert.Match(rows, returned);
    }

    public async Task<long[]> FindIdsAsync(BridgeDbContext db, IReadOnlyList<IntakeRow> rows, CancellationToken cancellationToken)
    {
        var found = await db.Database.SqlQueryRaw<IntakeIdRow>(Find, rows.Select(r => r.BridgeId).ToArray(), rows.Select(r => r.NaturalId).ToArray())
            .ToListAsync(cancellationToken);
        return IntakeUpsert.Order(rows, found);
    }
}

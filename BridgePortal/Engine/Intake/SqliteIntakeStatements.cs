using System.Text;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>SQLite: one multi-row <c>VALUES</c> upsert (five parameters a row, well under SQLite's 32,766).</summary>
internal sealed class SqliteIntakeStatements : IIntakeStatements
{
    public static readonly SqliteIntakeStatements Instance = new();

    public async Task<WrittenRow?[]> UpsertAsync(BridgeDbContext db, IReadOnlyList<IntakeRow> rows, DateTime now, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { now };
        var sql = new StringBuilder($"INSERT INTO \"Records\" {IntakeUpsert.Columns} VALUES ");
        foreach (var row in rows)
        {
            var at = parameters.Count;
            // EF's raw SQL takes no null parameter values: a missing module is a literal NULL.
            var module = row.Module is null ? "NULL" : $"{{{at + 2}}}";
            sql.Append(at == 1 ? "" : ", ").Append($"({{{at}}}, {{{at + 1}}}, {module}, {{{at + 3}}}, {{{at + 4}}}, 1, 0, 0, {{0}})");
            parameters.AddRange([row.BridgeId, row.NaturalId, row.Module ?? "", row.Payload, row.Hash]);
        }

        sql.Append('\n').Append(IntakeUpsert.OnConflict);
        var returned = await db.Database.SqlQueryRaw<IntakeIdRow>(sql.ToString(), [.. parameters]).ToListAsync(cancellationToken);
        return IntakeUpsert.Match(rows, returned);
    }

    public async Task<long[]> FindIdsAsync(BridgeDbContext db, IReadOnlyList<IntakeRow> rows, CancellationToken cancellationToken)
    {
        var parameters = new List<object>();
        var sql = new StringBuilder("SELECT \"Id\", \"BridgeId\", \"NaturalId\", NULL AS \"Version\" FROM \"Records\" WHERE (\"BridgeId\", \"NaturalId\") IN (VALUES ");
        foreach (var row in rows)
        {
            sql.Append(parameters.Count == 0 ? "" : ", ").Append($"({{{parameters.Count}}}, {{{parameters.Count + 1}}})");
            parameters.AddRange([row.BridgeId, row.NaturalId]);
        }

        var found = await db.Database.SqlQueryRaw<IntakeIdRow>(sql.Append(')').ToString(), [.. parameters]).ToListAsync(cancellationToken);
        return IntakeUpsert.Order(rows, found);
    }
}

using System.Text;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>SQLite: the batch as a <c>VALUES</c> table joined by <c>UPDATE … FROM</c>.</summary>
internal sealed class SqliteOutcomeStatements : IOutcomeStatements
{
    public static readonly SqliteOutcomeStatements Instance = new();

    public Task<int> MarkDeliveredAsync(BridgeDbContext db, IReadOnlyList<DeliveredRow> rows, DateTime now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            db,
            """
            UPDATE "Records" SET "Status" = 2, "Attempts" = "Attempts" + 1, "LastAttemptAt" = {0}, "DeliveredAt" = {0},
                "LatencyMs" = t.column3, "LeaseUntil" = NULL, "LeaseOwner" = NULL, "NextAttemptAt" = NULL, "LastError" = NULL
            """,
            now,
            rows.Select(r => new object?[] { r.Id, r.Version, r.LatencyMs }),
            cancellationToken);

    public Task<int> MarkFailedAsync(BridgeDbContext db, IReadOnlyList<FailedRow> rows, DateTime now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            db,
            """
            UPDATE "Records" SET "Status" = t.column3, "Attempts" = "Attempts" + 1, "LastAttemptAt" = {0},
                "LeaseUntil" = NULL, "LeaseOwner" = NULL, "NextAttemptAt" = t.column4, "LastError" = t.column5
            """,
            now,
            rows.Select(r => new object?[] { r.Result.Record.Id, r.Result.Record.Version, (int)r.Status, r.NextAttemptAt, r.Error }),
            cancellationToken);

    // The first two columns of every row are the record's id and claimed version.
    private static Task<int> ExecuteAsync(BridgeDbContext db, string update, DateTime now, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var parameters = new List<object> { now };
        var values = new StringBuilder();
        foreach (var row in rows)
        {
            values.Append(values.Length == 0 ? "(" : ", (");
            for (var i = 0; i < row.Length; i++)
            {
                values.Append(i == 0 ? "" : ", ");
                if (row[i] is { } value)
                {
                    values.Append('{').Append(parameters.Count).Append('}');
                    parameters.Add(value);
                }
                else
                {
                    values.Append("NULL"); // EF's raw SQL takes no null parameter values
                }
            }

            values.Append(')');
        }

        var sql = $"""
            {update}
            FROM (VALUES {values}) AS t
            WHERE "Records"."Id" = t.column1 AND "Records"."Version" = t.column2 AND "Records"."Status" = 1
            """;
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }
}

using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// Claims a bridge's due records as a lease in one round trip that also returns them: new records in intake
/// order (index <c>IX_Records_Claim_New</c>) and retries whose wait is over (<c>IX_Records_Claim_Retry</c>), so a
/// claim reads only the rows it takes however large the backlog of delivered rows. PostgreSQL adds
/// <c>FOR UPDATE SKIP LOCKED</c> so instances never take the same record; SQLite has a single writer anyway.
/// </summary>
internal static class RecordClaims
{
    private const string Running = "'Running'";

    internal static readonly string Postgres = Claim("FOR UPDATE SKIP LOCKED");

    internal static readonly string Sqlite = Claim("");

    public static async Task<List<ClaimedRecord>> ClaimAsync(
        BridgeDbContext db, EngineStore store, Guid bridgeId, int count, DateTime now, DateTime leaseUntil, Guid owner, CancellationToken cancellationToken)
    {
        var claimed = await db.Database.SqlQueryRaw<ClaimedRecord>(store.Claim, bridgeId, count, now, leaseUntil, owner).ToListAsync(cancellationToken);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id)); // RETURNING promises no order; delivery keeps intake order
        return claimed;
    }

    // {0} bridge, {1} count, {2} now, {3} lease end, {4} owner. Status literals (0 Pending, 1 Delivering) match the partial indexes.
    private static string Claim(string locking) => $$"""
        WITH fresh AS (
            SELECT "Id" FROM "Records"
            WHERE "BridgeId" = {0} AND "Status" = 0 AND "NextAttemptAt" IS NULL
              AND EXISTS (SELECT 1 FROM "Bridges" WHERE "Id" = {0} AND "State" = {{Running}})
            ORDER BY "Id" LIMIT {1} {{locking}}
        ), due AS (
            SELECT "Id" FROM "Records"
            WHERE "BridgeId" = {0} AND "Status" = 0 AND "NextAttemptAt" <= {2}
              AND EXISTS (SELECT 1 FROM "Bridges" WHERE "Id" = {0} AND "State" = {{Running}})
            ORDER BY "NextAttemptAt" LIMIT {1} {{locking}}
        ), picked AS (
            SELECT "Id" FROM fresh UNION SELECT "Id" FROM due ORDER BY "Id" LIMIT {1}
        )
        UPDATE "Records" SET "Status" = 1, "LeaseUntil" = {3}, "LeaseOwner" = {4}
        WHERE "Id" IN (SELECT "Id" FROM picked)
        RETURNING "Id", "NaturalId", "Payload", "Version", "Attempts", "ReceivedAt"
        """;
}

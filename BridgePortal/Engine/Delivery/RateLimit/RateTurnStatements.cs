namespace BridgePortal.Engine;

/// <summary>
/// The rate limiter's turn upsert, {0} bridge, {1} turn length and {2} the caller's clock, both in microseconds.
/// PostgreSQL reads its own clock instead, so instances on different machines agree.
/// </summary>
internal static class RateTurnStatements
{
    internal const string Postgres = """
        INSERT INTO "BridgeRateSlots" AS s ("BridgeId", "NextFreeMicros")
        VALUES ({0}, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint + {1})
        ON CONFLICT ("BridgeId") DO UPDATE
        SET "NextFreeMicros" = GREATEST(s."NextFreeMicros", (extract(epoch FROM clock_timestamp()) * 1000000)::bigint) + {1}
        RETURNING "NextFreeMicros" - {1} AS "Begin", "NextFreeMicros" - {1} - (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS "Wait"
        """;

    internal const string Sqlite = """
        INSERT INTO "BridgeRateSlots" ("BridgeId", "NextFreeMicros") VALUES ({0}, {2} + {1})
        ON CONFLICT ("BridgeId") DO UPDATE SET "NextFreeMicros" = MAX("NextFreeMicros", {2}) + {1}
        RETURNING "NextFreeMicros" - {1} AS "Begin", "NextFreeMicros" - {1} - {2} AS "Wait"
        """;
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Postgres
{
    /// <summary>
    /// Kobo records were keyed by <c>_uuid</c>, which an edit changes; they are now keyed by <c>_id</c>. Re-keys the
    /// records of Kobo bridges from the <c>_id</c> in their stored payload, so an edit arriving after the upgrade updates
    /// the old record. Left as they were: rows without a payload (purged after retention), whose payload PostgreSQL
    /// cannot read as JSON, or without a positive integer <c>_id</c>; and — where an edit already made a second record
    /// of one submission — every row but the newest (the highest <c>Id</c>, i.e. the latest version), so the unique
    /// (BridgeId, NaturalId) index is never violated. Raw SQL only: the model does not change. Down is a no-op.
    /// </summary>
    public partial class KoboRecordsKeyedBySubmissionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A session-local function, so a payload json cannot parse (e.g. a lone surrogate escape) leaves its row
            // alone instead of failing the migration and with it the start-up.
            migrationBuilder.Sql("""
                CREATE FUNCTION pg_temp.bridgeportal_kobo_id(payload text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $body$
                DECLARE id text;
                BEGIN
                    IF payload IS NULL THEN
                        RETURN NULL;
                    END IF;
                    id := CASE WHEN json_typeof(payload::json -> '_id') IN ('number', 'string') THEN payload::json ->> '_id' END;
                    RETURN CASE WHEN id ~ '^[1-9][0-9]*$' THEN id END;
                EXCEPTION WHEN others THEN
                    RETURN NULL;
                END
                $body$;

                UPDATE "Records" AS r SET "NaturalId" = k.new_id
                FROM (
                    SELECT MAX(x."Id") AS id, x."BridgeId" AS bridge_id, pg_temp.bridgeportal_kobo_id(x."Payload") AS new_id
                    FROM "Records" AS x JOIN "Bridges" AS b ON b."Id" = x."BridgeId"
                    WHERE b."SourceKind" = 'Kobo'
                    GROUP BY x."BridgeId", pg_temp.bridgeportal_kobo_id(x."Payload")
                ) AS k
                WHERE r."Id" = k.id AND k.new_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM "Records" AS o WHERE o."BridgeId" = k.bridge_id AND o."NaturalId" = k.new_id);

                DROP FUNCTION pg_temp.bridgeportal_kobo_id(text);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}

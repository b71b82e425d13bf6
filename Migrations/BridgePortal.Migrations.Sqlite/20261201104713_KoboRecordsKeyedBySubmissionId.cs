using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Sqlite
{
    /// <summary>
    /// Kobo records were keyed by <c>_uuid</c>, which an edit changes; they are now keyed by <c>_id</c>. Re-keys the
    /// records of Kobo bridges from the <c>_id</c> in their stored payload, so an edit arriving after the upgrade updates
    /// the old record. Left as they were: rows without a payload (purged after retention) or without a positive integer
    /// <c>_id</c>, and — where an edit already made a second record of one submission — every row but the newest (the
    /// highest <c>Id</c>, i.e. the latest version), so the unique (BridgeId, NaturalId) index is never violated. Raw SQL
    /// only: the model does not change. Down is a no-op: the old keys are not needed by any code.
    /// </summary>
    public partial class KoboRecordsKeyedBySubmissionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                UPDATE "Records" SET "NaturalId" = {KoboId("\"Records\".\"Payload\"")}
                WHERE "Id" IN (
                    SELECT MAX(r."Id") FROM "Records" AS r JOIN "Bridges" AS b ON b."Id" = r."BridgeId"
                    WHERE b."SourceKind" = 'Kobo' AND {KoboId("r.\"Payload\"")} IS NOT NULL
                    GROUP BY r."BridgeId", {KoboId("r.\"Payload\"")})
                AND NOT EXISTS (
                    SELECT 1 FROM "Records" AS o
                    WHERE o."BridgeId" = "Records"."BridgeId" AND o."NaturalId" = {KoboId("\"Records\".\"Payload\"")});
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }

        // The payload's _id as text when it is a positive integer (or a string of digits), else NULL. Nested CASEs
        // because SQLite evaluates only the taken branch: json_type/json_extract raise on text that is not JSON.
        private static string KoboId(string payload) => $"""
            (CASE WHEN json_valid({payload}) THEN
                CASE WHEN json_type({payload}, '$._id') = 'integer' AND json_extract({payload}, '$._id') > 0
                        THEN CAST(json_extract({payload}, '$._id') AS TEXT)
                     WHEN json_type({payload}, '$._id') = 'text' AND json_extract({payload}, '$._id') GLOB '[1-9]*'
                          AND json_extract({payload}, '$._id') NOT GLOB '*[^0-9]*'
                        THEN json_extract({payload}, '$._id')
                END
            END)
            """;
    }
}

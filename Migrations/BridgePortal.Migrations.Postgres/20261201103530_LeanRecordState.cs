using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LeanRecordState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Records_BridgeId_Status_Id",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Status_DeliveredAt",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Status_LeaseUntil",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Status_NextAttemptAt",
                table: "Records");

            migrationBuilder.AddColumn<Guid>(
                name: "LeaseOwner",
                table: "Records",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EngineInstances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Host = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EngineInstances", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Records_Claim_New",
                table: "Records",
                columns: new[] { "BridgeId", "Id" },
                filter: "\"Status\" = 0 AND \"NextAttemptAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_Claim_Retry",
                table: "Records",
                columns: new[] { "BridgeId", "NextAttemptAt" },
                filter: "\"Status\" = 0 AND \"NextAttemptAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_Delivered",
                table: "Records",
                column: "DeliveredAt",
                filter: "\"DeliveredAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Records_Leases",
                table: "Records",
                column: "LeaseUntil",
                filter: "\"Status\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_Records_Settled",
                table: "Records",
                columns: new[] { "BridgeId", "Status", "Id" },
                filter: "\"Status\" >= 3");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EngineInstances");

            migrationBuilder.DropIndex(
                name: "IX_Records_Claim_New",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Claim_Retry",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Delivered",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Leases",
                table: "Records");

            migrationBuilder.DropIndex(
                name: "IX_Records_Settled",
                table: "Records");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "Records");

            migrationBuilder.CreateIndex(
                name: "IX_Records_BridgeId_Status_Id",
                table: "Records",
                columns: new[] { "BridgeId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Records_Status_DeliveredAt",
                table: "Records",
                columns: new[] { "Status", "DeliveredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Records_Status_LeaseUntil",
                table: "Records",
                columns: new[] { "Status", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_Records_Status_NextAttemptAt",
                table: "Records",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}

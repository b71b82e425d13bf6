using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BridgePortal.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AtHocDutyStates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AtHocDutyStates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BridgeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Username = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    EmployeeId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OnDuty = table.Column<bool>(type: "boolean", nullable: false),
                    DutyTimestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Writes = table.Column<int>(type: "integer", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClearQueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClearedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AtHocDutyStates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AtHocDutyStates_Bridges_BridgeId",
                        column: x => x.BridgeId,
                        principalTable: "Bridges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AtHocDutyStates_BridgeId_OnDuty_ClearedAt_DutyTimestamp",
                table: "AtHocDutyStates",
                columns: new[] { "BridgeId", "OnDuty", "ClearedAt", "DutyTimestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_AtHocDutyStates_BridgeId_Username",
                table: "AtHocDutyStates",
                columns: new[] { "BridgeId", "Username" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AtHocDutyStates");
        }
    }
}

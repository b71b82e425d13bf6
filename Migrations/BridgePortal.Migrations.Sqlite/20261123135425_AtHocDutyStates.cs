using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BridgeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    EmployeeId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OnDuty = table.Column<bool>(type: "INTEGER", nullable: false),
                    DutyTimestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Writes = table.Column<int>(type: "INTEGER", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClearQueuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClearedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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

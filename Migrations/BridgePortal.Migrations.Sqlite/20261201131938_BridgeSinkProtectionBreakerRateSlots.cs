using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BridgeSinkProtectionBreakerRateSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BreakerFailures",
                table: "Bridges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5); // existing bridges get the model's defaults

            migrationBuilder.AddColumn<int>(
                name: "BreakerSeconds",
                table: "Bridges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 120); // existing bridges get the model's defaults

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "Bridges",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "Bridges",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PausedManually",
                table: "Bridges",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProbeAt",
                table: "Bridges",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProbeCount",
                table: "Bridges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitPerSecond",
                table: "Bridges",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BridgeRateSlots",
                columns: table => new
                {
                    BridgeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NextFreeMicros = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BridgeRateSlots", x => x.BridgeId);
                    table.ForeignKey(
                        name: "FK_BridgeRateSlots_Bridges_BridgeId",
                        column: x => x.BridgeId,
                        principalTable: "Bridges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BridgeRateSlots");

            migrationBuilder.DropColumn(
                name: "BreakerFailures",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "BreakerSeconds",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "PausedManually",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "ProbeAt",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "ProbeCount",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "RateLimitPerSecond",
                table: "Bridges");
        }
    }
}

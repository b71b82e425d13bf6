using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 5); // existing bridges get the model's defaults

            migrationBuilder.AddColumn<int>(
                name: "BreakerSeconds",
                table: "Bridges",
                type: "integer",
                nullable: false,
                defaultValue: 120); // existing bridges get the model's defaults

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "Bridges",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "Bridges",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PausedManually",
                table: "Bridges",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProbeAt",
                table: "Bridges",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProbeCount",
                table: "Bridges",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitPerSecond",
                table: "Bridges",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BridgeRateSlots",
                columns: table => new
                {
                    BridgeId = table.Column<Guid>(type: "uuid", nullable: false),
                    NextFreeMicros = table.Column<long>(type: "bigint", nullable: false)
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

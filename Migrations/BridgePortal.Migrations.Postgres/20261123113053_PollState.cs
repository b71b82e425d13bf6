using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PollState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastPollAt",
                table: "Bridges",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastPollError",
                table: "Bridges",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastPollFetched",
                table: "Bridges",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastPollAt",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "LastPollError",
                table: "Bridges");

            migrationBuilder.DropColumn(
                name: "LastPollFetched",
                table: "Bridges");
        }
    }
}

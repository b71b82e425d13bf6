using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastPollError",
                table: "Bridges",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastPollFetched",
                table: "Bridges",
                type: "INTEGER",
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GitHubBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GitHubBackfills",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BridgeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Repository = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PhasePages = table.Column<int>(type: "INTEGER", nullable: false),
                    PhaseLastPage = table.Column<int>(type: "INTEGER", nullable: true),
                    Pages = table.Column<int>(type: "INTEGER", nullable: false),
                    Commits = table.Column<int>(type: "INTEGER", nullable: false),
                    Issues = table.Column<int>(type: "INTEGER", nullable: false),
                    PullRequests = table.Column<int>(type: "INTEGER", nullable: false),
                    Stored = table.Column<int>(type: "INTEGER", nullable: false),
                    AlreadyStored = table.Column<int>(type: "INTEGER", nullable: false),
                    RateLimitWaits = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitingUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitHubBackfills", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GitHubBackfills_Bridges_BridgeId",
                        column: x => x.BridgeId,
                        principalTable: "Bridges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GitHubBackfills_BridgeId_CreatedAt",
                table: "GitHubBackfills",
                columns: new[] { "BridgeId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GitHubBackfills_OneActivePerBridge",
                table: "GitHubBackfills",
                column: "BridgeId",
                unique: true,
                filter: "\"Status\" IN ('Queued', 'Running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GitHubBackfills");
        }
    }
}

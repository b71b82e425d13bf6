using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BridgePortal.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BridgeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Repository = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Since = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Phase = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PhasePages = table.Column<int>(type: "integer", nullable: false),
                    PhaseLastPage = table.Column<int>(type: "integer", nullable: true),
                    Pages = table.Column<int>(type: "integer", nullable: false),
                    Commits = table.Column<int>(type: "integer", nullable: false),
                    Issues = table.Column<int>(type: "integer", nullable: false),
                    PullRequests = table.Column<int>(type: "integer", nullable: false),
                    Stored = table.Column<int>(type: "integer", nullable: false),
                    AlreadyStored = table.Column<int>(type: "integer", nullable: false),
                    RateLimitWaits = table.Column<int>(type: "integer", nullable: false),
                    WaitingUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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

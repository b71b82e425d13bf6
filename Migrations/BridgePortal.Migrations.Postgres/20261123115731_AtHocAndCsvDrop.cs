using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BridgePortal.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AtHocAndCsvDrop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AtHocMappingSyncStates",
                columns: table => new
                {
                    ConnectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    LastRunAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    LastMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastUserCount = table.Column<int>(type: "integer", nullable: true),
                    LastSuccessAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AtHocMappingSyncStates", x => x.ConnectionId);
                    table.ForeignKey(
                        name: "FK_AtHocMappingSyncStates_Connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "Connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AtHocUserMappings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmployeeId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Username = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CollarId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastUpdated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AtHocUserMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AtHocUserMappings_Connections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "Connections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CsvDropLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BridgeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Batch = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CollectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Entries = table.Column<int>(type: "integer", nullable: false),
                    Successes = table.Column<int>(type: "integer", nullable: false),
                    Errors = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Details = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Unmapped = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    MovedTo = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CsvDropLog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CsvDropLog_Bridges_BridgeId",
                        column: x => x.BridgeId,
                        principalTable: "Bridges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AtHocUserMappings_ConnectionId_EmployeeId",
                table: "AtHocUserMappings",
                columns: new[] { "ConnectionId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AtHocUserMappings_ConnectionId_Username",
                table: "AtHocUserMappings",
                columns: new[] { "ConnectionId", "Username" });

            migrationBuilder.CreateIndex(
                name: "IX_CsvDropLog_BridgeId_Batch_FileName",
                table: "CsvDropLog",
                columns: new[] { "BridgeId", "Batch", "FileName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CsvDropLog_BridgeId_CollectedAt",
                table: "CsvDropLog",
                columns: new[] { "BridgeId", "CollectedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AtHocMappingSyncStates");

            migrationBuilder.DropTable(
                name: "AtHocUserMappings");

            migrationBuilder.DropTable(
                name: "CsvDropLog");
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Data;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BridgePortal.Tests.Data;

/// <summary>
/// The upgrade from <c>_uuid</c>-keyed Kobo records: a database at the migration before KoboRecordsKeyedBySubmissionId,
/// seeded with rows as the old code stored them, is started by the app (which migrates it), then takes an edit.
/// </summary>
public sealed class KoboRekeyMigrationTests
{
    private const string Migration = "KoboRecordsKeyedBySubmissionId";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Old_uuid_keys_of_kobo_records_become_their_id_and_an_edit_after_the_upgrade_updates_the_old_record(StorageKind storage)
    {
        var database = await PortalHost.SettingsForAsync(storage);
        var kobo = Guid.NewGuid();
        var other = Guid.NewGuid();
        var ingest = Guid.NewGuid();
        await using (var db = Context(storage, database))
        {
            var history = db.Database.GetMigrations().ToList();
            var before = history[history.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            await BridgeAsync(db, kobo, "Kobo", "kobo-old");
            await BridgeAsync(db, other, "Kobo", "kobo-other");
            await BridgeAsync(db, ingest, "Ingest", "ingest-old");
            await RecordAsync(db, kobo, "u-1", """{"_id":101,"_uuid":"u-1","household":"h1"}""");
            await RecordAsync(db, kobo, "u-2", """{"_id":102,"_uuid":"u-2","household":"h2"}""");
            await RecordAsync(db, kobo, "u-2b", """{"_id":102,"_uuid":"u-2b","household":"h2-corrected","meta/deprecatedID":"uuid:u-2"}""");
            await RecordAsync(db, kobo, "u-4", null);
            await RecordAsync(db, kobo, "u-5", """{"_uuid":"u-5"}""");
            await RecordAsync(db, kobo, "u-6", "not json");
            await RecordAsync(db, kobo, "107", """{"_id":107}""");
            await RecordAsync(db, kobo, "u-8", """{"_id":107,"_uuid":"u-8"}""");
            await RecordAsync(db, kobo, "u-10", """{"_id":"110","_uuid":"u-10"}""");
            await RecordAsync(db, kobo, "u-11", """{"_id":0,"_uuid":"u-11"}""");
            await RecordAsync(db, other, "u-1", """{"_id":101,"_uuid":"u-1"}""");
            await RecordAsync(db, ingest, "abc", """{"_id":5}""");
        }

        await using var host = await PortalHost.StartAsync(storage, database);
        var keys = await host.DbAsync(db => db.Records.AsNoTracking().OrderBy(r => r.Id).Select(r => r.NaturalId).ToListAsync());
        // The edited submission 102 had become two records: the newer keeps the submission, the older stays as it was.
        // "107" was already taken by a record stored without _uuid, so its later copy keeps its old key.
        Assert.Equal(["101", "u-2", "102", "u-4", "u-5", "u-6", "107", "u-8", "110", "u-11", "101", "abc"], keys);

        using var client = host.CreateClient();
        var edit = """{"_id":101,"_uuid":"u-1b","household":"h1-corrected","meta/deprecatedID":"uuid:u-1","meta/instanceID":"uuid:u-1b"}""";
        using var response = await client.PostAsync("/hooks/kobo-old", new StringContent(edit, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("updated", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>());
        var records = await host.RecordsAsync(kobo);
        Assert.Equal(10, records.Count);
        var updated = records.Single(r => r.NaturalId == "101");
        Assert.Equal(2, updated.Version);
        Assert.Contains("h1-corrected", updated.Payload);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_payload_the_database_cannot_read_as_json_leaves_its_row_and_does_not_stop_the_upgrade(StorageKind storage)
    {
        var database = await PortalHost.SettingsForAsync(storage);
        var kobo = Guid.NewGuid();
        await using (var db = Context(storage, database))
        {
            var history = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(history[history.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal)) - 1]);
            await BridgeAsync(db, kobo, "Kobo", "kobo-odd");
            await RecordAsync(db, kobo, "u-1", """{"_id":101,"_uuid":"u-1","q":"\ud800"}""");
            await RecordAsync(db, kobo, "u-2", """{"_id":102,"_uuid":"u-2","q":"a\u0000b"}""");
            await RecordAsync(db, kobo, "u-3", """{"_id":103,"_uuid":"u-3","q":"ok"}""");
        }

        await using var host = await PortalHost.StartAsync(storage, database);
        var keys = (await host.RecordsAsync(kobo)).Select(r => r.NaturalId).ToList();
        Assert.Equal("103", keys[2]);
        Assert.Equal(storage == StorageKind.Sqlite ? ["101", "102"] : OddKeysOnPostgres, keys[..2]);
    }

    private static readonly string[] OddKeysOnPostgres = ["u-1", "u-2"];

    private static BridgeDbContext Context(StorageKind storage, Dictionary<string, string?> settings) => storage == StorageKind.Sqlite
        ? new SqliteBridgeDbContext(new DbContextOptionsBuilder<SqliteBridgeDbContext>()
            .UseSqlite(settings["Storage:Sqlite"], StorageServiceCollectionExtensions.ConfigureSqlite).Options)
        : new PostgresBridgeDbContext(new DbContextOptionsBuilder<PostgresBridgeDbContext>()
            .UseNpgsql(settings["ConnectionStrings:Postgres"], StorageServiceCollectionExtensions.ConfigurePostgres).Options);

    // Raw SQL with only the columns the old schema needs, so the seed does not depend on later model changes.
    private static Task BridgeAsync(BridgeDbContext db, Guid id, string sourceKind, string key) => db.Database.ExecuteSqlRawAsync(
        """
        INSERT INTO "Bridges" ("Id", "OwnerId", "Name", "Key", "SourceKind", "SourceSettingsJson", "SinkKind", "SinkSettingsJson",
            "MaxRetries", "State", "IngestTokenHash", "CreatedAt", "UpdatedAt")
        VALUES ({0}, 'owner', {1}, {1}, {2}, '{{"AssetUid":"aSurvey1"}}', 'EventHubs', '{{}}', 3, 'Stopped', 'hash', {3}, {3})
        """,
        id, key, sourceKind, DateTime.UtcNow);

    private static async Task RecordAsync(BridgeDbContext db, Guid bridge, string naturalId, string? payload)
    {
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Records" ("BridgeId", "NaturalId", "Payload", "ContentHash", "Version", "Status", "Attempts", "ReceivedAt")
            VALUES ({0}, {1}, {2}, 'hash', 1, 2, 1, {3})
            """,
            bridge, naturalId, payload ?? "", DateTime.UtcNow);
        if (payload is null)
        {
            // Purged after the retention window.
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Records" SET "Payload" = NULL WHERE "NaturalId" = {0}""", naturalId);
        }
    }
}

using System.Net;
using System.Text.Json;
using BridgePortal.Data;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Data;

public sealed class StartupTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task The_app_starts_on_an_empty_database_applies_every_migration_and_is_ready(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        using var client = host.CreatePortalClient();

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["database", "hangfire"], checks);

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        Assert.Equal(storage == StorageKind.Postgres ? typeof(PostgresBridgeDbContext) : typeof(SqliteBridgeDbContext), db.GetType());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        var roles = await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().Roles.Select(r => r.Name).ToListAsync();
        Assert.Equal(BridgeRoles.All.Order(), roles.Order());
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Data_protection_keys_live_in_the_database_so_a_second_instance_can_read_what_the_first_protected(StorageKind storage)
    {
        await using var first = await PortalHost.StartAsync(storage);
        var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("s3cret");

        await using (var scope = first.Services.CreateAsyncScope())
        {
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<BridgeDbContext>().DataProtectionKeys.ToListAsync());
        }

        var sameDatabase = new Dictionary<string, string?>
        {
            [storage == StorageKind.Postgres ? "ConnectionStrings:Postgres" : "Storage:Sqlite"] = first.ConnectionString,
        };
        await using var second = await PortalHost.StartAsync(storage, sameDatabase);
        Assert.Equal("s3cret", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task The_sqlite_database_runs_in_wal_mode()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task With_migrations_off_a_database_with_pending_migrations_fails_start_up_with_a_clear_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PortalHost.StartAsync(
            StorageKind.Sqlite, new Dictionary<string, string?> { ["Storage:MigrateOnStartup"] = "false" }));
        Assert.Contains("Storage:MigrateOnStartup", Innermost(error).Message);
        Assert.Contains("pending migration", Innermost(error).Message);
    }

    [Fact]
    public async Task With_migrations_off_an_up_to_date_database_starts()
    {
        await using var first = await PortalHost.StartAsync(StorageKind.Sqlite);
        await using var second = await PortalHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["Storage:Sqlite"] = first.ConnectionString,
            ["Storage:MigrateOnStartup"] = "false",
        });
        var ready = await second.CreatePortalClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [InlineData("Oracle", null, "Storage:Provider")]
    [InlineData("Postgres", null, "ConnectionStrings:Postgres")]
    [InlineData("Postgres", "Host=;Password=hunter2;Database=x", "ConnectionStrings:Postgres")]
    [InlineData("Postgres", "this is not a connection string", "ConnectionStrings:Postgres")]
    public async Task A_wrong_or_missing_storage_setting_fails_start_up_with_a_message_naming_the_key(string provider, string? postgres, string key)
    {
        var settings = new Dictionary<string, string?> { ["Storage:Provider"] = provider, ["ConnectionStrings:Postgres"] = postgres ?? "" };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PortalHost.StartAsync(StorageKind.Sqlite, settings));
        var message = Innermost(error).Message;
        Assert.Contains(key, message);
        Assert.DoesNotContain("hunter2", message);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}

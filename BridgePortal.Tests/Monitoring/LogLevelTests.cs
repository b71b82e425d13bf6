using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Monitoring;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Monitoring;

/// <summary>The Logs page's levels and time range: Warning for a retried try and for security events, Error for a record that gave up.</summary>
public sealed class LogLevelTests
{
    [Fact]
    public async Task A_retried_try_and_a_refused_login_are_warnings_a_record_that_gave_up_is_an_error_and_the_time_range_filters()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(503, "busy");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var start = DateTime.UtcNow.AddSeconds(-1);
        var retried = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, maxRetries: 3);
        var gaveUp = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, maxRetries: 1);
        using var client = host.CreateClient();
        Assert.True((await TestBridges.IngestAsync(client, retried, "{\"id\":\"again-1\"}", "again-1")).IsSuccessStatusCode);
        Assert.True((await TestBridges.IngestAsync(client, gaveUp, "{\"id\":\"done-1\"}", "done-1")).IsSuccessStatusCode);
        await host.UntilStatusAsync(gaveUp.Id, "done-1", RecordStatus.Failed);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(retried.Id)).Single().Attempts > 0, "the first try of again-1");
        using var portal = host.CreatePortalClient();
        await portal.LoginAsync(TestUsers.AdminEmail, "not-the-password");
        var admin = await TestBridges.ActorAsync(host, BridgeRoles.Admin, TestUsers.AdminEmail);

        var all = await ActivityAsync(host, admin, new ActivityFilter());
        Assert.All(all.Rows.Where(e => e.NaturalId == "again-1"), e => Assert.Equal(ActivityLevel.Warning, e.Level));
        Assert.Contains(all.Rows, e => e.NaturalId == "done-1" && e.Action == "gave up → Failed" && e.Level == ActivityLevel.Error);
        Assert.Equal(ActivityLevel.Warning, all.Rows.Single(e => e.Action == "login").Level);
        Assert.All(all.Rows.Where(e => e.Action.StartsWith("bridge.", StringComparison.Ordinal)), e => Assert.Equal(ActivityLevel.Info, e.Level));

        var warnings = await ActivityAsync(host, admin, new ActivityFilter(ActivityLevel.Warning));
        Assert.All(warnings.Rows, e => Assert.Equal(ActivityLevel.Warning, e.Level));
        Assert.Contains(warnings.Rows, e => e.NaturalId == "again-1");
        Assert.Contains(warnings.Rows, e => e.Action == "login" && e.Detail == "failed: wrong email or password");
        Assert.Equal("done-1", Assert.Single((await ActivityAsync(host, admin, new ActivityFilter(ActivityLevel.Error))).Rows).NaturalId);

        // again-1 keeps being retried meanwhile: both counts stop at the same instant.
        var until = DateTime.UtcNow;
        Assert.Equal(
            (await ActivityAsync(host, admin, new ActivityFilter(To: until))).Total,
            (await ActivityAsync(host, admin, new ActivityFilter(From: start, To: until))).Total);
        Assert.Empty((await ActivityAsync(host, admin, new ActivityFilter(From: DateTime.UtcNow.AddMinutes(1)))).Rows);
        Assert.Empty((await ActivityAsync(host, admin, new ActivityFilter(To: start))).Rows);
    }

    [Fact]
    public void The_logs_filter_reads_and_writes_its_url_and_ignores_what_it_cannot_read()
    {
        var filter = new ActivityFilter(ActivityLevel.Warning, Guid.NewGuid(), "503", new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc));
        var query = ActivityFilterQuery.ToQuery(filter);
        Assert.Equal(("warning", "2026-12-01T08:00", "2026-12-01T09:30"), (query["level"], query["from"], query["to"]));
        Assert.Equal(filter, ActivityFilterQuery.Parse(key => query[key]?.ToString()));
        Assert.Equal(new ActivityFilter(), ActivityFilterQuery.Parse(key => key switch { "level" => "loud", "from" => "yesterday", _ => null }));
    }

    private static async Task<ActivityPage> ActivityAsync(PortalHost host, BridgePortal.Identity.Actor actor, ActivityFilter filter)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardStats>().ActivityAsync(actor, filter, 0, 200, CancellationToken.None);
    }
}

using System.Text.Json.Nodes;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Connectors.CsvDrop;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.AtHoc;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// Issue 15: a CSV → AtHoc batch whose AtHoc is unreachable is never shown as a green success, and the bridge page says
/// in words that its sink is failing and why; the Logs page filters by level and time range from its URL.
/// </summary>
public sealed class SinkHealthJourneyTests
{
    [SkippableFact]
    public async Task With_AtHoc_unreachable_the_bridge_page_says_the_sink_is_failing_and_the_batch_was_not_sent()
    {
        await using var athoc = await AtHocBridges.FakeWithTwoUsersAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot(), kestrel: true);
        await using var browser = await BrowserSession.LaunchAsync();
        const string email = "duty-watch@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, email);
        var bridge = await AtHocBridges.CreateAsync(host, athoc, start: false, maxRetries: 0, owner: owner);
        await host.DbAsync(async db =>
        {
            var connection = await db.Connections.SingleAsync(c => c.Id == bridge.ConnectionId);
            var settings = JsonNode.Parse(connection.SettingsJson)!.AsObject();
            settings[AtHocSettings.ServerUrl] = "http://127.0.0.1:9/";
            connection.SettingsJson = settings.ToJsonString();
            return await db.SaveChangesAsync();
        });
        AtHocBridges.Write(bridge.Folder, "roster.csv", "Employee_ID,Status,Timestamp", "E1,ON,01/06/2024 08:00:00", "E2,ON,01/06/2024 08:00:00");
        await AtHocBridges.StartAsync(host, bridge);
        await AtHocBridges.PollUntilAsync(host, bridge.Id,
            async () => (await AtHocBridges.LogAsync(host, bridge.Id)).Any(l => l.Outcome == CsvDropOutcome.Kept), "the unconfirmed batch is closed");

        var page = await Journeys.LogInAsync(browser, host, email);
        await page.GotoAsync($"/bridges/{bridge.Id}");
        await BrowserSession.WaitForCircuitAsync(page);

        var health = page.Locator("[data-testid=sink-health]");
        await Assertions.Expect(health.Locator("[data-testid=sink-health-summary]")).ToHaveTextAsync("Failing: the last delivery try failed.", new() { Timeout = 30_000 });
        await Assertions.Expect(health.Locator("[data-testid=sink-health-delivered]")).ToHaveTextAsync("never");
        await Assertions.Expect(health.Locator("[data-testid=sink-health-error]")).ToContainTextAsync("AtHoc: could not reach 127.0.0.1:9 (connection refused). Check the server URL, and that AtHoc is up.");
        var outcome = page.Locator("[data-testid=csvdrop-log] [data-testid=csvdrop-log-outcome]");
        await Assertions.Expect(outcome.First).ToHaveTextAsync("Kept: AtHoc did not confirm", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=csvdrop-log]")).ToContainTextAsync("AtHoc did not confirm E1: AtHoc: could not reach 127.0.0.1:9");
        Assert.All(await outcome.AllTextContentsAsync(), text => Assert.Equal("Kept: AtHoc did not confirm", text));
        // The bridge page's long generated name and settings table overflow at 400 px before this change too (issue 15's layout item).
        await Screens.ShootAllAsync(page, "sink-health-athoc-unreachable", overflowChecked: false);

        await page.GotoAsync("/logs?level=error&from=2000-01-01T00:00");
        await BrowserSession.WaitForCircuitAsync(page);
        var logs = page.Locator("[data-testid=logs-table]");
        await Assertions.Expect(logs).ToContainTextAsync("gave up → Failed", new() { Timeout = 30_000 });
        await Assertions.Expect(logs).Not.ToContainTextAsync("bridge.create");
        await Assertions.Expect(page.Locator("input[data-testid=logs-from], [data-testid=logs-from] input").First).ToHaveValueAsync("2000-01-01T00:00");
        await Screens.ShootAllAsync(page, "logs-errors-since-2000");

        await page.GotoAsync("/logs?to=2000-01-01T00:00");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=logs-empty]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}

using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.AtHoc;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>An operator uploads a duty-status CSV on the bridge page, watches it processed, and checks the mapping table.</summary>
public sealed class CsvDropJourneyTests
{
    [SkippableFact]
    public async Task An_operator_uploads_a_csv_on_the_bridge_page_sees_it_processed_and_opens_the_mappings_page()
    {
        await using var athoc = await AtHocBridges.FakeWithTwoUsersAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, AtHocBridges.DropRoot(), kestrel: true);
        await using var browser = await BrowserSession.LaunchAsync();
        const string email = "duty-operator@example.org";
        await TestBridges.ActorAsync(host, BridgeRoles.Operator, email);
        var bridge = await AtHocBridges.CreateAsync(host, athoc, owner: await TestBridges.ActorAsync(host, BridgeRoles.Operator, email),
            sinkSettings: new() { [BridgePortal.Connectors.AtHoc.AtHocSettings.CleanupHours] = "12" });

        var page = await Journeys.LogInAsync(browser, host, email);

        await page.GotoAsync($"/bridges/{bridge.Id}");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=csvdrop-panel]")).ToBeVisibleAsync();
        var csv = "Employee_ID,Status,Timestamp\nE1,ON,01/06/2024 08:00:00\nE2,ON,01/06/2024 08:00:00\nE2,OFF,01/06/2024 16:00:00\nE7,ON,01/06/2024 09:00:00\n"u8.ToArray();
        await page.Locator("[data-testid=csvdrop-panel] input[type=file]").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = csv });
        await Assertions.Expect(page.Locator("[data-testid=csvdrop-upload-result]")).ToContainTextAsync("Uploaded roster.csv", new() { Timeout = 30_000 });

        var log = page.Locator("[data-testid=csvdrop-log]");
        // The upload enqueued a poll; the test also runs the poll job itself, because Hangfire's storage is process-wide
        // in a test run (JobStorage.Current), so a job enqueued here may be picked up by another test's host.
        await AtHocBridges.PollUntilAsync(host, bridge.Id, async () => AtHocBridges.CsvFiles(bridge.Folder).Length == 0, "the uploaded file is processed", TimeSpan.FromSeconds(60));
        await Assertions.Expect(log.Locator("[data-testid=csvdrop-log-outcome]")).ToHaveTextAsync("Processed", new() { Timeout = 90_000 });
        await Assertions.Expect(log).ToContainTextAsync("roster.csv");
        await Assertions.Expect(log).ToContainTextAsync("employee E7 has no AtHoc mapping");
        await Assertions.Expect(page.Locator("[data-testid=csvdrop-unmapped]")).ToContainTextAsync("E7");
        Assert.Empty(AtHocBridges.CsvFiles(bridge.Folder));
        Assert.Single(AtHocBridges.Processed(bridge.Folder));
        Assert.Contains(athoc.SyncedUsers, u => u["LOGIN_ID"]!.GetValue<string>() == "u1@example.org" && u["On-Duty-DTG"]!.GetValue<string>() == "01/06/2024 08:00:00");
        Assert.Equal("", athoc.User("u2@example.org")!["On-Duty-DTG"]);
        await BrowserSession.ScreenshotAsync(page, "csvdrop-01-bridge-processed");

        // E1 has been on duty since 2024: the auto clean-up (after 12 h) clears them, and the page says so.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BridgePortal.Connectors.AtHoc.AtHocDutyCleanupJob>().RunAsync(CancellationToken.None);
        }

        var cleanup = page.Locator("[data-testid=athoc-cleanup]");
        await Assertions.Expect(cleanup).ToContainTextAsync("Auto clean-up after 12 h: 1 user(s) cleared at", new() { Timeout = 60_000 });
        await Assertions.Expect(cleanup).ToContainTextAsync("u1@example.org");
        Assert.Equal("", athoc.User("u1@example.org")!["On-Duty-DTG"]);
        await BrowserSession.ScreenshotAsync(page, "csvdrop-02-auto-cleanup");

        await page.ClickAsync("a[href='/mappings']");
        await page.WaitForURLAsync("**/mappings", new() { Timeout = 60_000 }); // a loaded machine may take a while to navigate
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=mappings-count]")).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=mappings-outcome]")).ToContainTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("[data-testid=mappings-table]")).ToContainTextAsync("u2@example.org");
        await page.Locator("[data-testid=mappings-search] input").FillAsync("u1@");
        await Assertions.Expect(page.Locator("[data-testid=mappings-table] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=mappings-table]")).ToContainTextAsync("E1");

        athoc.AddUser("u3@example.org", new Dictionary<string, string> { ["Collar-Number"] = "E3" });
        await page.ClickAsync("[data-testid=mappings-sync-now]");
        await Assertions.Expect(page.Locator("[data-testid=mappings-count]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=mappings-outcome]")).ToContainTextAsync("1 added");
        await BrowserSession.ScreenshotAsync(page, "csvdrop-03-mappings");
    }
}

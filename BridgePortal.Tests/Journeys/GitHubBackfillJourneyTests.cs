using BridgePortal.Tests.Connectors.GitHub;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;
using BridgePortal.Connectors.GitHub;

namespace BridgePortal.Tests.Journeys;

/// <summary>An operator back-fills a GitHub webhook bridge from its page: picks a date, watches the progress, sees the result.</summary>
public sealed class GitHubBackfillJourneyTests
{
    private static readonly LocatorAssertionsToHaveTextOptions EngineTimeout = new() { Timeout = 30_000 };

    [SkippableFact]
    public async Task An_operator_backfills_a_GitHub_bridge_since_a_date_and_sees_the_progress_finish()
    {
        await using var github = await FakeGitHub.StartAsync();
        github.AddCommits(250);
        github.Delay = TimeSpan.FromMilliseconds(700);
        await using var browser = await BrowserSession.LaunchAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        await GitHubBackfills.ConfigureAsync(host, bridge, github);

        var page = await browser.NewPageAsync(host.Address);
        try
        {
            await Journeys.LogInAsync(page, host, bridge.Owner.User.Identity!.Name!);

            await page.GotoAsync($"/bridges/{bridge.Id}");
            await BrowserSession.WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=backfill-panel]")).ToBeVisibleAsync();
            var since = page.Locator("[data-testid=backfill-since] input").Or(page.Locator("input[data-testid=backfill-since]")).First;
            await since.FillAsync("2026-03-01");
            await since.PressAsync("Enter");
            await page.ClickAsync("[data-testid=backfill-start]");

            await Assertions.Expect(page.Locator("[data-testid=backfill-progress]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("[data-testid=backfill-cancel]")).ToBeVisibleAsync();
            await BrowserSession.ScreenshotAsync(page, "42-github-backfill-running");
            await Assertions.Expect(page.Locator("[data-testid=backfill-status]")).ToHaveTextAsync("Succeeded", EngineTimeout);
            await Assertions.Expect(page.Locator("[data-testid=backfill-counts]")).ToContainTextAsync("250 commit(s) and 0 issue(s) fetched in 4 page(s)");
            await Assertions.Expect(page.Locator("[data-testid=backfill-counts]")).ToContainTextAsync("250 new document(s), 0 already stored");
            await Assertions.Expect(page.Locator("[data-testid=backfill-progress]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=backfill-start]")).ToBeVisibleAsync();
            await BrowserSession.ScreenshotAsync(page, "43-github-backfill-done");
            Assert.DoesNotContain(github.Token, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.Equal(250, (await host.RecordsAsync(bridge.Id)).Count);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            await BrowserSession.ScreenshotAsync(page, "49-github-backfill-failure");
            throw;
        }
    }
}

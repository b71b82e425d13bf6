using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>An operator finds a rejected record on the Failed page, fixes the sink, retries it and watches the dashboard count it.</summary>
public sealed class FailedRetryJourneyTests
{
    [SkippableFact]
    public async Task An_operator_retries_a_rejected_record_after_the_sink_is_fixed_and_the_open_dashboard_counts_the_delivery()
    {
        await using var journey = await HttpSinkJourney.StartAsync();
        var (host, fake, browser, client) = (journey.Host, journey.Fake, journey.Browser, journey.Client);
        const string email = "operator@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, email);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false); // another operator's

        fake.Respond(422, "{\"error\":\"field 'district' is required\"}");
        using (var response = await TestBridges.IngestAsync(client, bridge, "{\"district\":null,\"households\":12}", "order-1"))
        {
            Assert.True(response.IsSuccessStatusCode);
        }

        await WaitForStatusAsync(host, bridge.Id, "order-1", RecordStatus.Failed);

        var page = await Journeys.LogInAsync(browser, host, email);
        await BrowserSession.WaitForCircuitAsync(page);

        // A second tab keeps the dashboard open the whole time; it must update itself.
        var dashboard = await page.Context.NewPageAsync();
        await dashboard.GotoAsync("/");
        await BrowserSession.WaitForCircuitAsync(dashboard);
        await Assertions.Expect(dashboard.Locator("[data-testid=stat-delivered]")).ToHaveTextAsync("0");
        await Assertions.Expect(dashboard.Locator("[data-testid=stat-errors]")).ToHaveTextAsync("1");
        await Assertions.Expect(dashboard.Locator("[data-testid=stat-failed]")).ToHaveTextAsync("1");
        await Assertions.Expect(dashboard.Locator("[data-testid=recent-activity]")).ToContainTextAsync("order-1");
        await dashboard.EvaluateAsync("() => window.stillTheSamePage = true");
        await BrowserSession.ScreenshotAsync(dashboard, "failed-01-dashboard-before");

        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);
        var table = page.Locator("[data-testid=failed-table]");
        await Assertions.Expect(table).ToContainTextAsync("order-1");
        await Assertions.Expect(table).ToContainTextAsync("422");
        await Assertions.Expect(page.Locator("[data-testid=failed-natural-id]")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=payload-order-1]");
        await Assertions.Expect(page.Locator("[data-testid=payload-json]")).ToContainTextAsync("\"households\": 12");
        await BrowserSession.ScreenshotAsync(page, "failed-02-payload");
        await page.ClickAsync("[data-testid=payload-close]");
        await BrowserSession.ScreenshotAsync(page, "failed-03-failed-page");

        fake.Heal();
        await page.ClickAsync("[data-testid=retry-order-1]");
        await Assertions.Expect(page.Locator("[data-testid=retried-count]")).ToHaveTextAsync("1");
        await fake.WaitForAsync(requests => requests.Count(r => r.Header("Idempotency-Key")?.StartsWith("order-1") == true) >= 2, TimeSpan.FromSeconds(20));
        await WaitForStatusAsync(host, bridge.Id, "order-1", RecordStatus.Delivered);
        await Assertions.Expect(page.Locator("[data-testid=failed-empty]")).ToBeVisibleAsync();
        await Assertions.Expect(table).Not.ToContainTextAsync("order-1");
        await BrowserSession.ScreenshotAsync(page, "failed-04-after-retry");

        await Assertions.Expect(dashboard.Locator("[data-testid=stat-delivered]")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(dashboard.Locator("[data-testid=stat-errors]")).ToHaveTextAsync("0");
        await Assertions.Expect(dashboard.Locator("[data-testid=recent-activity]")).ToContainTextAsync("record.retry");
        await Assertions.Expect(dashboard.Locator("[data-testid=bridge-stats] tbody tr")).ToHaveCountAsync(1); // not the other operator's bridge
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the dashboard was reloaded");
        await BrowserSession.ScreenshotAsync(dashboard, "failed-05-dashboard-after");
        await dashboard.ClickAsync("[data-testid=window-1h]");
        await Assertions.Expect(dashboard.Locator("[data-testid=dashboard-updated]")).ToContainTextAsync("Window 1 h");
        await Assertions.Expect(dashboard.Locator("[data-testid=stat-delivered]")).ToHaveTextAsync("1");

        await page.GotoAsync("/logs");
        await BrowserSession.WaitForCircuitAsync(page);
        var logs = page.Locator("[data-testid=logs-table]");
        await Assertions.Expect(logs).ToContainTextAsync("record.retry");
        await page.ClickAsync("[data-testid=logs-level-error]");
        await Assertions.Expect(page.Locator("[data-testid=log-action]")).ToHaveTextAsync(["failed (permanent)"]);
        await page.ClickAsync("[data-testid=logs-level-all]");
        await page.Locator("[data-testid=logs-search] input, input[data-testid=logs-search]").First.FillAsync("order-1");
        await Assertions.Expect(page.Locator("[data-testid=log-action]")).ToHaveTextAsync(["delivered", "failed (permanent)"]);
        await BrowserSession.ScreenshotAsync(page, "failed-06-logs");
    }

    [SkippableFact]
    public async Task A_viewer_sees_failed_records_but_no_retry_or_discard_buttons()
    {
        await using var journey = await HttpSinkJourney.StartAsync();
        var (host, browser) = (journey.Host, journey.Browser);
        await FailedRecordsAsync(journey, _ => "{\"n\":1}", "seen-1");
        await TestUsers.CreateAsync(host, "viewer@example.org", BridgeRoles.Viewer);

        var page = await Journeys.LogInAsync(browser, host, "viewer@example.org");
        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=failed-table]")).ToContainTextAsync("seen-1");
        await Assertions.Expect(page.Locator("[data-testid=payload-seen-1]")).ToBeVisibleAsync();
        foreach (var hidden in new[] { "retry-seen-1", "retry-selected", "retry-matching", "discard-selected" })
        {
            await Assertions.Expect(page.Locator($"[data-testid={hidden}]")).ToHaveCountAsync(0);
        }

        await BrowserSession.ScreenshotAsync(page, "failed-07-viewer");
    }

    [SkippableFact]
    public async Task An_admin_retries_all_records_matching_a_search_and_discards_a_selected_one_after_confirming()
    {
        await using var journey = await HttpSinkJourney.StartAsync();
        var (host, fake, browser) = (journey.Host, journey.Fake, journey.Browser);
        var bridge = await FailedRecordsAsync(journey, id => $"{{\"id\":\"{id}\"}}", "keep-1", "keep-2", "junk-1");

        await TestUsers.EnsureAdminAsync(host);
        var page = await Journeys.LogInAsync(browser, host, TestUsers.AdminEmail);
        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=failed-natural-id]")).ToHaveCountAsync(3);

        fake.Heal();
        await page.Locator("[data-testid=failed-search] input, input[data-testid=failed-search]").First.FillAsync("keep-");
        await Assertions.Expect(page.Locator("[data-testid=failed-natural-id]")).ToHaveCountAsync(2);
        await page.ClickAsync("[data-testid=retry-matching]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry all", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=retried-count]")).ToHaveTextAsync("2");
        await WaitForStatusAsync(host, bridge.Id, "keep-1", RecordStatus.Delivered);
        await WaitForStatusAsync(host, bridge.Id, "keep-2", RecordStatus.Delivered);
        await Assertions.Expect(page.Locator("[data-testid=failed-empty]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=failed-search] input, input[data-testid=failed-search]").First.FillAsync("");
        await Assertions.Expect(page.Locator("[data-testid=failed-natural-id]")).ToHaveTextAsync(["junk-1"]);
        await page.Locator("[data-testid=failed-table] tbody tr", new() { HasText = "junk-1" }).Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(page.Locator("[data-testid=retry-selected]")).ToContainTextAsync("(1)");
        await page.ClickAsync("[data-testid=discard-selected]");
        await BrowserSession.ScreenshotAsync(page, "failed-08-discard-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Discard", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=failed-empty]")).ToBeVisibleAsync();

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        // Issue 15: a discard keeps the record, set aside as Discarded.
        Assert.Equal(RecordStatus.Discarded, await db.Records.Where(r => r.NaturalId == "junk-1").Select(r => r.Status).SingleAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "record.discard" && a.Detail!.Contains("junk-1")));
        Assert.Single(fake.Requests, r => r.Body.Contains("junk-1")); // only the rejected attempt: it was never retried
    }

    // A bridge whose endpoint rejects every record (422), holding one Failed record per id.
    private static async Task<TestBridge> FailedRecordsAsync(HttpSinkJourney journey, Func<string, string> body, params string[] ids)
    {
        var bridge = await TestBridges.CreateHttpBridgeAsync(journey.Host, journey.Fake.BaseAddress);
        journey.Fake.Respond(422);
        foreach (var id in ids)
        {
            (await TestBridges.IngestAsync(journey.Client, bridge, body(id), id)).Dispose();
            await WaitForStatusAsync(journey.Host, bridge.Id, id, RecordStatus.Failed);
        }

        return bridge;
    }

    private static async Task WaitForStatusAsync(PortalHost host, Guid bridgeId, string naturalId, RecordStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
            var current = await db.Records.Where(r => r.BridgeId == bridgeId && r.NaturalId == naturalId).Select(r => (RecordStatus?)r.Status).FirstOrDefaultAsync();
            if (current == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"record {naturalId} is {current}, not {status}");
            await Task.Delay(50);
        }
    }
}

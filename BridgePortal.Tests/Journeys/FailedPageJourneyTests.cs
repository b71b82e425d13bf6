using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// An operator works the Failed page: errors grouped with counts, a filter in the URL that survives a reload,
/// a record's attempt history, discard (kept, restorable), retry all with one error, replay, export, and a
/// layout without horizontal overflow at 1366 and 400 px, light and dark.
/// </summary>
public sealed class FailedPageJourneyTests
{
    [SkippableFact]
    public async Task An_operator_filters_groups_discards_restores_retries_by_error_and_replays_on_the_failed_page()
    {
        await using var journey = await HttpSinkJourney.StartAsync();
        var (host, fake, browser, client) = (journey.Host, journey.Fake, journey.Browser, journey.Client);
        const string email = "failed-operator@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, email);
        var failing = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        var healthy = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        var longId = "wetmill-" + new string('x', 190); // natural ids are at most 200 characters
        fake.Respond(r => r.Body.Contains("mill") ? (422, "{\"error\":\"unknown mill\"}") : r.Body.Contains("date") ? (400, "{\"error\":\"bad date\"}") : (200, "{}"));
        foreach (var (bridge, id, body) in new[]
        {
            (failing, "mill-1", """{"mill":1}"""), (failing, "mill-2", """{"mill":2}"""), (failing, longId, """{"mill":3}"""),
            (failing, "date-1", """{"date":"31/02"}"""), (healthy, "ok-1", """{"n":1}"""), (healthy, "ok-2", """{"n":2}"""),
        })
        {
            using (var accepted = await TestBridges.IngestAsync(client, bridge, body, id))
            {
                Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
            }

            await host.UntilStatusAsync(bridge.Id, id, bridge == healthy ? RecordStatus.Delivered : RecordStatus.Failed);
        }

        var page = await Journeys.LogInAsync(browser, host, email);
        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);
        var ids = page.Locator("[data-testid=failed-natural-id]");
        await Assertions.Expect(ids).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=error-group-count]")).ToHaveTextAsync(["3", "1"]);
        await Assertions.Expect(page.Locator("[data-testid=error-group-text]").First).ToContainTextAsync("unknown mill");
        await Screens.ShootAllAsync(page, "failed-page-01-list", tablesChecked: true);

        // The error-text filter goes into the URL, and the URL alone gives the same list.
        await page.Locator("[data-testid=failed-error-filter] input, input[data-testid=failed-error-filter]").First.FillAsync("bad date");
        await page.WaitForURLAsync(url => url.Contains("error=bad"));
        await Assertions.Expect(ids).ToHaveTextAsync(["date-1"]);
        var shared = page.Url;
        await page.GotoAsync(shared);
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(ids).ToHaveTextAsync(["date-1"]);
        Assert.Contains("error=bad", await page.Locator("[data-testid=failed-export-csv]").GetAttributeAsync("href"));
        await page.GotoAsync($"/failed?from={DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm}");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=failed-empty]")).ToContainTextAsync("match the filter");

        // A record's history: every attempt with its status, outcome and what happened next.
        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=payload-date-1]");
        await Assertions.Expect(page.Locator("[data-testid=record-attempt-status]")).ToHaveTextAsync(["400"]);
        await Assertions.Expect(page.Locator("[data-testid=record-attempt-next]")).ToHaveTextAsync(["rejected → Failed (not retried)"]);
        await Assertions.Expect(page.Locator("[data-testid=record-attempts]")).ToContainTextAsync("bad date");
        await Assertions.Expect(page.Locator("[data-testid=payload-json]")).ToContainTextAsync("31/02");
        await Screens.ShootAllAsync(page, "failed-page-02-history", tablesChecked: true);
        await page.ClickAsync("[data-testid=payload-close]");

        // Discard asks first (red button), keeps the record out of sight, and Restore brings it back as Failed.
        await page.ClickAsync("[data-testid=discard-date-1]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-ok]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-button-filled-error"));
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(ids).ToHaveCountAsync(3);
        await page.GotoAsync("/failed?status=discarded");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(ids).ToHaveTextAsync(["date-1"]);
        await Assertions.Expect(page.Locator("[data-testid=failed-row-status-date-1]")).ToHaveTextAsync("Discarded");
        await Screens.ShootAllAsync(page, "failed-page-03-discarded", tablesChecked: true);
        await page.ClickAsync("[data-testid=restore-date-1]");
        await Assertions.Expect(page.Locator("[data-testid=failed-empty]")).ToBeVisibleAsync();
        Assert.Equal(RecordStatus.Failed, (await host.RecordsAsync(failing.Id)).Single(r => r.NaturalId == "date-1").Status);

        // Retry all with this error: the three mill records only.
        fake.Heal();
        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=error-group]", new() { HasText = "unknown mill" }).Locator("[data-testid=error-group-retry]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=confirm-message]")).ToContainTextAsync("3 record(s)");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(page.Locator("[data-testid=retried-count]")).ToHaveTextAsync("3");
        await host.UntilStatusAsync(failing.Id, longId, RecordStatus.Delivered);
        await Assertions.Expect(ids).ToHaveTextAsync(["date-1"]);

        // Replay the healthy bridge's deliveries: the count is in the dialog, the receiver gets new idempotency keys.
        await page.GotoAsync($"/failed?bridge={healthy.Id}");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=replay-open]");
        await Assertions.Expect(page.Locator("[data-testid=replay-count]")).ToHaveTextAsync("2");
        await Screens.ShootAllAsync(page, "failed-page-04-replay", tablesChecked: true);
        await page.ClickAsync("[data-testid=replay-confirm]");
        await fake.WaitForAsync(r => r.Count(x => x.Header("Idempotency-Key")?.EndsWith(":v2") == true && x.Body.Contains("\"n\"")) == 2, TimeSpan.FromSeconds(30));
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "record.replay" && a.BridgeId == healthy.Id)));
    }
}

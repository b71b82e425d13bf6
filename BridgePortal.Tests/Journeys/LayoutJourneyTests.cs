using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// Every main page at 1366 and 400 px, light and dark (the OS preference), with the data that broke the
/// layout before: 200-character natural ids (the most intake accepts), a 5 MB field, a long error, long
/// bridge, connection and user names. No page scrolls sideways, no table hides its last columns, and the
/// bridge and Failed pages stay a sane height.
/// </summary>
public sealed class LayoutJourneyTests
{
    private const string Email = "layout-admin-with-a-rather-long-address@example.org";

    [SkippableFact]
    public async Task Every_main_page_fits_1366_and_400_px_in_light_and_dark_with_long_ids_and_a_5_MB_field()
    {
        await using var journey = await HttpSinkJourney.StartAsync(new Dictionary<string, string?> { ["Engine:MaxIngestBodyBytes"] = "8388608" });
        var (host, fake, browser) = (journey.Host, journey.Fake, journey.Browser);
        var bridge = await SeedAsync(host, fake);

        var page = await Journeys.LogInAsync(browser, host, Email);
        var problems = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            foreach (var (name, path, ready) in Tour(bridge.Id))
            {
                await page.GotoAsync(path);
                if (!path.StartsWith("/Account", StringComparison.Ordinal))
                {
                    await BrowserSession.WaitForCircuitAsync(page);
                }

                await page.Locator(ready).First.WaitForAsync();
                // Lists (dashboard, logs) may grow with their rows; a record's page must not grow with one record's size.
                await LayoutProbe.CheckAsync(page, name, problems, name is "bridge" or "failed" ? LayoutProbe.SaneHeight : int.MaxValue);
                await page.SetViewportSizeAsync(1366, 900);
            }
        }

        // The cut values are whole in their tooltips, and the 5 MB field sits in a bounded, scrolling dialog.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.GotoAsync($"/bridges/{bridge.Id}");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator($"[data-testid=record-natural-id][title='{LongId("wetmill-")}']")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=record-payload-big-field]");
        await Assertions.Expect(page.Locator("[data-testid=payload]")).ToContainTextAsync("AAAAAAAAAA");
        await Assertions.Expect(page.Locator("[data-testid=payload-excerpt-note]")).ToContainTextAsync("of 5,242,892 characters");
        await LayoutProbe.CheckAsync(page, "bridge-payload-5mb", problems);
        var download = await page.Locator("[data-testid=payload-download]").GetAttributeAsync("href");
        var whole = await page.Context.APIRequest.GetAsync(download!);
        Assert.Equal(5 * 1024 * 1024 + 12, (await whole.TextAsync()).Length);
        await page.GotoAsync("/failed");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=payload-big-failing]");
        await Assertions.Expect(page.Locator("[data-testid=payload-json]")).ToContainTextAsync("BBBBBBBBBB");
        await LayoutProbe.CheckAsync(page, "failed-history-5mb", problems);

        Console.WriteLine($"screenshots: {BrowserSession.ScreenshotDirectory}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Each main page and what shows it has its data.
    private static IEnumerable<(string Name, string Path, string Ready)> Tour(Guid bridgeId) =>
    [
        ("dashboard", "/", "[data-testid=recent-entry]"),
        ("bridges", "/bridges", "[data-testid=bridges-table] tbody tr"),
        ("bridge", $"/bridges/{bridgeId}", "[data-testid=records-table] tbody tr >> nth=3"),
        ("connections", "/connections", "[data-testid=connections-table] tbody tr"),
        ("failed", "/failed", "[data-testid=failed-natural-id]"),
        ("logs", "/logs", "[data-testid=log-action]"),
        ("users", "/users", "[data-testid=users-table] tbody tr"),
        ("alerts", "/alerts", "[data-testid=alert-history]"),
        ("profile-password", "/Account/Manage/ChangePassword", "h1"),
        ("profile-tokens", "/Account/Manage/AccessTokens", "h1"),
    ];

    internal static string LongId(string prefix) => prefix + new string('x', 200 - prefix.Length); // natural ids are at most 200 characters

    private static async Task<TestBridge> SeedAsync(PortalHost host, FakeHttpEndpoint fake)
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Admin, Email);
        await TestUsers.CreateAsync(host, "an-operator-whose-address-goes-on-and-on-and-on@field-office.example.org", BridgeRoles.Operator);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        const string name = "Household survey 2026, northern districts (wet-mill registration) → central-intake-eventhub-surveys-v2";
        await host.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Name, name)));
        await host.DbAsync(db => db.Connections.Where(c => c.Id == bridge.ConnectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "central-intake-http-endpoint-for-the-northern-districts-" + new string('z', 40))));

        // The sink rejects "fail" records with a long, unbroken body (it becomes the record's last error).
        fake.Respond(r => r.Body.Contains("\"fail\"") ? (422, "{\"error\":\"" + new string('E', 3000) + "\"}") : (200, "{}"));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = host.Address });
        var records = new List<(string Id, string Body, RecordStatus Status)>
        {
            (LongId("wetmill-"), """{"n":1}""", RecordStatus.Delivered),
            (LongId("failing-"), """{"kind":"fail"}""", RecordStatus.Failed),
            ("big-field", "{\"photo\":\"" + new string('A', 5 * 1024 * 1024) + "\"}", RecordStatus.Delivered),
            ("big-failing", "{\"kind\":\"fail\",\"photo\":\"" + new string('B', 5 * 1024 * 1024) + "\"}", RecordStatus.Failed),
            ("short-1", """{"n":2}""", RecordStatus.Delivered),
        };
        foreach (var (id, body, status) in records)
        {
            using (var accepted = await TestBridges.IngestAsync(client, bridge, body, id))
            {
                Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
            }

            await host.UntilStatusAsync(bridge.Id, id, status);
        }

        return bridge;
    }
}

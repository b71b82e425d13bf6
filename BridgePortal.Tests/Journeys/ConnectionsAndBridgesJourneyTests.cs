using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static BridgePortal.Tests.Journeys.Journeys;

namespace BridgePortal.Tests.Journeys;

/// <summary>What an operator does first: add a connection, test it, build a bridge, start it, and watch a record arrive.</summary>
public sealed class ConnectionsAndBridgesJourneyTests
{
    private const string OperatorEmail = "operator@example.org";
    private const string SigningSecret = "hmac-s3cret-never-shown";

    // Delivery runs in the background and the bridge page refreshes every 3 s: allow for a busy machine.
    private static readonly LocatorAssertionsToHaveTextOptions EngineTimeout = new() { Timeout = 20_000 };

    [SkippableFact]
    public async Task An_operator_connects_an_endpoint_builds_a_bridge_starts_it_and_sees_an_ingested_record_delivered()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await TestUsers.EnsureAdminAsync(host);
        await TestUsers.CreateAsync(host, OperatorEmail, BridgeRoles.Operator);
        var page = await browser.NewPageAsync(host.Address);
        try
        {
            await JourneyAsync(host, fake, page);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            await BrowserSession.ScreenshotAsync(page, "19-journey-failure");
            throw;
        }
    }

    private static async Task JourneyAsync(PortalHost host, FakeHttpEndpoint fake, IPage page)
    {

        await Journeys.LogInAsync(page, host, OperatorEmail);

        // A connection to the fake endpoint, with a signing secret that must never come back.
        await page.GotoAsync("/connections");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-connection]");
        await Field(page, "connection-name").FillAsync("central");
        await Field(page, "connection-field-BaseUrl").FillAsync("not-a-url");
        await page.ClickAsync("[data-testid=connection-save]");
        await Assertions.Expect(page.GetByText("Base URL must be an absolute http:// or https:// URL.")).ToBeVisibleAsync();
        await Field(page, "connection-field-BaseUrl").FillAsync(fake.BaseAddress.ToString());
        await Field(page, "connection-field-SigningSecret").FillAsync(SigningSecret);
        await BrowserSession.ScreenshotAsync(page, "10-connection-dialog");
        await page.ClickAsync("[data-testid=connection-save]");
        await Assertions.Expect(page.Locator("[data-testid=connections-table]")).ToContainTextAsync("central");

        await page.ClickAsync("[data-testid=test-connection-central]");
        var result = page.Locator("[data-testid=connection-test-result-central]");
        await Assertions.Expect(result).ToContainTextAsync("ok");
        await Assertions.Expect(result).ToContainTextAsync(" ms");
        await Assertions.Expect(result).ToContainTextAsync("Reachable (HTTP 200)");
        await BrowserSession.ScreenshotAsync(page, "11-connection-tested");

        await page.ClickAsync("[data-testid=edit-connection-central]");
        var secretInput = Field(page, "connection-field-SigningSecret");
        await Assertions.Expect(secretInput).ToHaveValueAsync("");
        await Assertions.Expect(secretInput).ToHaveAttributeAsync("placeholder", "•••••• (set) — type to replace");
        Assert.DoesNotContain(SigningSecret, await page.ContentAsync());
        await BrowserSession.ScreenshotAsync(page, "11b-connection-edit-secret-kept");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        // From here the endpoint insists on signed requests (the test call above sends no body to sign).
        fake.SigningSecret = SigningSecret;

        // A bridge from the ingest API to that connection; its token is shown once.
        await page.GotoAsync("/bridges");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-bridge]");
        await Field(page, "bridge-name").FillAsync("surveys");
        await Field(page, "bridge-source-NaturalIdPath").FillAsync("id");

        // The sink kinds are offered alphabetically, so Http is not the first one: pick it.
        await page.Locator("[data-testid=bridge-sink-kind]").First.ClickAsync(new() { Force = true });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Http" }).First.ClickAsync();
        await Field(page, "bridge-sink-Path").FillAsync("/inbox");
        await Assertions.Expect(page.Locator("[data-testid=bridge-sink-connection]").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "12-bridge-dialog");
        await page.ClickAsync("[data-testid=bridge-save]");

        var token = await Field(page, "ingest-token").InputValueAsync();
        var ingestUrl = new Uri(await Field(page, "ingest-url").InputValueAsync());
        Assert.False(string.IsNullOrWhiteSpace(token));
        Assert.StartsWith(host.Address.ToString().TrimEnd('/') + "/api/ingest/", ingestUrl.ToString());
        await Assertions.Expect(page.GetByText("it will not be shown again")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "13-ingest-token");
        await page.ClickAsync("[data-testid=ingest-token-done]");

        await Assertions.Expect(page.Locator("[data-testid=bridge-state-surveys]")).ToHaveTextAsync("Stopped");
        await page.ClickAsync("[data-testid=start-surveys]");
        await Assertions.Expect(page.Locator("[data-testid=bridge-state-surveys]")).ToHaveTextAsync("Running");
        await Assertions.Expect(page.Locator("[data-testid=stop-surveys]")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "14-bridges-running");

        // A record posted to the ingest API reaches the endpoint, signed.
        using var http = new HttpClient { BaseAddress = host.Address };
        Assert.Equal(HttpStatusCode.Accepted, (await IngestAsync(http, ingestUrl, token, "rec-1", "Amina")).StatusCode);
        await fake.WaitForAsync(requests => requests.Any(r => r.Method == "POST" && r.Body.Contains("rec-1")));
        var delivered = fake.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/inbox", delivered.Path);
        Assert.True(delivered.SignatureValid);

        // The bridge's page shows the record Delivered, its payload and the attempt.
        await page.ClickAsync("[data-testid=bridge-link-surveys]");
        await page.WaitForURLAsync("**/bridges/*");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=bridge-title]")).ToHaveTextAsync("surveys");
        await Assertions.Expect(page.Locator("[data-testid=bridge-ingest-url]")).ToHaveTextAsync(ingestUrl.ToString());
        await Assertions.Expect(page.Locator("[data-testid=record-status-rec-1]")).ToHaveTextAsync("Delivered", EngineTimeout);
        await Assertions.Expect(page.Locator("[data-testid=attempts-table]")).ToContainTextAsync("No failed tries"); // a delivered try keeps no attempt row
        await Assertions.Expect(page.Locator("[data-testid=bridge-last-sync]")).ToContainTextAsync(" UTC", new() { Timeout = EngineTimeout.Timeout });
        await BrowserSession.ScreenshotAsync(page, "15-bridge-detail");

        await page.ClickAsync("[data-testid=record-payload-rec-1]");
        await Assertions.Expect(page.Locator("[data-testid=payload]")).ToContainTextAsync("\"name\": \"Amina\"");
        await BrowserSession.ScreenshotAsync(page, "16-payload");
        await page.ClickAsync("[data-testid=payload-close]");

        // A second record appears without a reload: the page refreshes itself.
        Assert.Equal(HttpStatusCode.Accepted, (await IngestAsync(http, ingestUrl, token, "rec-2", "Bilal")).StatusCode);
        await Assertions.Expect(page.Locator("[data-testid=record-status-rec-2]")).ToHaveTextAsync("Delivered", EngineTimeout);

        // Search by natural id and filter by status, on the server.
        await Field(page, "record-search").FillAsync("rec-2");
        await Assertions.Expect(page.Locator("[data-testid=record-status-rec-1]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=record-status-rec-2]")).ToBeVisibleAsync();
        await Field(page, "record-search").FillAsync("");
        await page.ClickAsync("[data-testid=record-filter-Failed]");
        await Assertions.Expect(page.Locator("[data-testid=records-table]")).ToContainTextAsync("No records match.");
        await page.ClickAsync("[data-testid=record-filter-Failed]");
        await Assertions.Expect(page.Locator("[data-testid=record-status-rec-1]")).ToBeVisibleAsync();

        // The edit dialog opens on the stored settings.
        await page.ClickAsync("[data-testid=bridge-edit]");
        await Assertions.Expect(Field(page, "bridge-name")).ToHaveValueAsync("surveys");
        await Assertions.Expect(Field(page, "bridge-sink-Path")).ToHaveValueAsync("/inbox");
        await Field(page, "bridge-max-retries").FillAsync("5");
        await page.ClickAsync("[data-testid=bridge-save]");
        await Assertions.Expect(page.Locator("[data-testid=bridge-max-retries-value]")).ToHaveTextAsync("5");

        // A regenerated token replaces the old one at once.
        await page.ClickAsync("[data-testid=bridge-regenerate-token]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        var newToken = await Field(page, "ingest-token").InputValueAsync();
        Assert.NotEqual(token, newToken);
        await page.ClickAsync("[data-testid=ingest-token-done]");
        Assert.Equal(HttpStatusCode.Unauthorized, (await IngestAsync(http, ingestUrl, token, "rec-3")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await IngestAsync(http, ingestUrl, newToken, "rec-3")).StatusCode);
        await Assertions.Expect(page.Locator("[data-testid=record-status-rec-3]")).ToHaveTextAsync("Delivered", EngineTimeout);

        await page.ClickAsync("[data-testid=bridge-stop]");
        await Assertions.Expect(page.Locator("[data-testid=bridge-state]")).ToHaveTextAsync("Stopped");
        await Assertions.Expect(page.Locator("[data-testid=bridge-start]")).ToBeVisibleAsync();

        // The bridges list counts the day's traffic: three received, three delivered, none failed.
        await page.GotoAsync("/bridges");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=bridge-counts-surveys]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*3\s*/\s*3\s*/\s*0\s*$"));
        await BrowserSession.ScreenshotAsync(page, "17-bridges-counts");

        // A connection a bridge uses cannot be deleted; the page says why.
        await page.GotoAsync("/connections");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=delete-connection-central]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Used by bridge(s) surveys; change or delete them first.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=connections-table]")).ToContainTextAsync("central");

        // Deleting the bridge (confirmed) frees the connection, which can then go too.
        await page.GotoAsync("/bridges");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=bridge-link-surveys]");
        await page.WaitForURLAsync("**/bridges/*");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=bridge-delete]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        // The page navigates in the circuit once the records are gone: poll the address, as a loaded machine may take a while.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/bridges$"), new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-testid=bridges-table]")).ToContainTextAsync("No bridges yet.", new() { Timeout = EngineTimeout.Timeout });
        Assert.Equal(HttpStatusCode.NotFound, (await IngestAsync(http, ingestUrl, newToken, "rec-4")).StatusCode);

        await page.GotoAsync("/connections");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=delete-connection-central]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=connections-table]")).ToContainTextAsync("No connections yet.");
    }

    /// <summary>POSTs one record to the ingest URL the token dialog showed, as an outside system would.</summary>
    private static async Task<HttpResponseMessage> IngestAsync(HttpClient http, Uri ingestUrl, string token, string id, string name = "Chen")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ingestUrl.PathAndQuery)
        {
            Content = new StringContent($"{{\"id\":\"{id}\",\"name\":\"{name}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Components.Pages.Connections;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.EventHubs;
using BridgePortal.Tests.Connectors.Kobo;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static BridgePortal.Tests.Journeys.Journeys;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// An operator streams a KoboToolbox survey into Azure Event Hubs, all in the browser: the Kobo connection (a wrong
/// token is told apart), its project list, the Event Hubs connection, a bridge picking the project from the list,
/// start, the dashboard counting the deliveries, the bridge page's poll state, stop.
/// </summary>
public sealed class KoboJourneyTests
{
    private const string OperatorEmail = "kobo-operator@example.org";
    private const string ProjectName = "Household survey";
    private const string WebhookPassword = "rest-service-pa55-never-shown";
    private const int Submissions = 5;

    // Polling and delivery run in the background and the pages refresh every few seconds: allow for a busy machine.
    private static readonly LocatorAssertionsToHaveTextOptions EngineTimeout = new() { Timeout = 30_000 };

    [SkippableFact]
    public async Task An_operator_streams_a_kobo_project_into_event_hubs_from_the_browser()
    {
        // The browser is disposed first: open circuits would hold up the host's shutdown.
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset("aOther", "Market prices", deployed: false);
        kobo.AddAsset(KoboBridges.Asset, ProjectName);
        kobo.AddSubmissions(KoboBridges.Asset, Submissions, i => new JsonObject { ["household"] = $"h{i}", ["members"] = i + 1 });
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        await using var browser = await BrowserSession.LaunchAsync();
        await TestUsers.EnsureAdminAsync(host);
        await TestUsers.CreateAsync(host, OperatorEmail, BridgeRoles.Operator);
        var page = await browser.NewPageAsync(host.Address);
        try
        {
            await Journeys.LogInAsync(page, host, OperatorEmail);
            await KoboConnectionAsync(page, kobo);
            await HubConnectionAsync(page, hubs);
            await BridgeAsync(page, kobo, hubs);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            await BrowserSession.ScreenshotAsync(page, "kobo-99-journey-failure");
            throw;
        }
    }

    /// <summary>A Kobo connection saved with a wrong token fails its test and its project list with 401; the right token fixes both.</summary>
    private static async Task KoboConnectionAsync(IPage page, FakeKobo kobo)
    {
        await page.GotoAsync("/connections");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-connection]");
        await PickAsync(page, "connection-kind", "KoboToolbox");
        await Field(page, "connection-name").FillAsync("kobo");
        await Field(page, "connection-field-ServerUrl").FillAsync(kobo.BaseAddress.ToString());
        await Field(page, "connection-field-ApiToken").FillAsync("not-the-token");
        await BrowserSession.ScreenshotAsync(page, "kobo-01-connection-dialog");
        await page.ClickAsync("[data-testid=connection-save]");
        await Assertions.Expect(page.Locator("[data-testid=connections-table]")).ToContainTextAsync("kobo");

        await page.ClickAsync("[data-testid=test-connection-kobo]");
        var result = page.Locator("[data-testid=connection-test-result-kobo]");
        await Assertions.Expect(result).ToContainTextAsync("failed");
        await Assertions.Expect(result).ToContainTextAsync("Kobo refused the API token (401)");
        await BrowserSession.ScreenshotAsync(page, "kobo-02-wrong-token");

        await page.ClickAsync("[data-testid=catalog-connection-kobo]");
        await Assertions.Expect(page.Locator("[data-testid=catalog-error]")).ToContainTextAsync("Kobo refused the API token (401)");
        await Assertions.Expect(page.Locator("[data-testid=catalog-table]")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "kobo-03-catalog-refused");
        await page.ClickAsync("[data-testid=catalog-close]");

        // The token is replaced on edit (the stored one is never shown back).
        await page.ClickAsync("[data-testid=edit-connection-kobo]");
        var token = Field(page, "connection-field-ApiToken");
        await Assertions.Expect(token).ToHaveValueAsync("");
        await Assertions.Expect(token).ToHaveAttributeAsync("placeholder", SettingFieldsEditor.SetPlaceholder);
        await token.FillAsync(kobo.Token);
        await page.ClickAsync("[data-testid=connection-save]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=test-connection-kobo]");
        await Assertions.Expect(result).ToContainTextAsync("ok");
        await Assertions.Expect(result).ToContainTextAsync($"Connected to {kobo.BaseAddress}: 2 survey project(s).");
        Assert.DoesNotContain(kobo.Token, await page.ContentAsync());

        await page.ClickAsync("[data-testid=catalog-connection-kobo]");
        var catalog = page.Locator("[data-testid=catalog-table]");
        await Assertions.Expect(catalog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=catalog-count]")).ToHaveTextAsync("2 projects");
        var project = catalog.Locator("tr", new() { Has = page.Locator($"[data-testid=catalog-item-{KoboBridges.Asset}]") });
        await Assertions.Expect(project).ToContainTextAsync(ProjectName);
        await Assertions.Expect(project).ToContainTextAsync("deployed");
        await Assertions.Expect(project.Locator("td").Nth(3)).ToHaveTextAsync(Submissions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(catalog.Locator("tr", new() { Has = page.Locator("[data-testid=catalog-item-aOther]") })).ToContainTextAsync("not deployed");
        foreach (var heading in new[] { "Id", "Name", "Deployment", "Submissions", "Last submission" })
        {
            await Assertions.Expect(catalog.Locator("th", new() { HasText = heading })).ToHaveCountAsync(1);
        }

        await BrowserSession.ScreenshotAsync(page, "kobo-04-projects");
        await page.ClickAsync("[data-testid=catalog-close]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }

    private static async Task HubConnectionAsync(IPage page, FakeEventHubs hubs)
    {
        await page.ClickAsync("[data-testid=new-connection]");
        await PickAsync(page, "connection-kind", "Azure Event Hubs");
        await Field(page, "connection-name").FillAsync("hub");
        await Field(page, "connection-field-ConnectionString").FillAsync(hubs.ConnectionString);
        await Field(page, "connection-field-ServiceUrl").FillAsync(hubs.BaseAddress.ToString());
        await page.ClickAsync("[data-testid=connection-save]");
        await Assertions.Expect(page.Locator("[data-testid=connections-table]")).ToContainTextAsync("hub");
        Assert.Equal(0, await page.Locator("[data-testid=catalog-connection-hub]").CountAsync()); // Event Hubs lists nothing

        await page.ClickAsync("[data-testid=test-connection-hub]");
        await Assertions.Expect(page.Locator("[data-testid=connection-test-result-hub]")).ToContainTextAsync($"Signature accepted by {hubs.Namespace}: hub '{hubs.Hub}'");
        Assert.DoesNotContain(hubs.Key, await page.ContentAsync());
        await BrowserSession.ScreenshotAsync(page, "kobo-05-connections");
    }

    private static async Task BridgeAsync(IPage page, FakeKobo kobo, FakeEventHubs hubs)
    {
        await page.GotoAsync("/bridges");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-bridge]");
        await Field(page, "bridge-name").FillAsync("households");
        await PickAsync(page, "bridge-source-kind", "KoboToolbox");
        await Assertions.Expect(Field(page, "bridge-source-connection")).ToHaveValueAsync("kobo");

        // Without the list the project is typed; "List projects" turns the field into a pick list.
        await Assertions.Expect(Field(page, "bridge-source-AssetUid")).ToBeEditableAsync();
        await page.ClickAsync("[data-testid=bridge-source-catalog]");
        await Assertions.Expect(page.Locator("[data-testid=bridge-source-catalog-message]")).ToHaveTextAsync("2 found: pick one below.");
        await PickAsync(page, "bridge-source-AssetUid", ProjectName);
        await Assertions.Expect(Field(page, "bridge-source-AssetUid")).ToHaveValueAsync($"{ProjectName} ({KoboBridges.Asset})");
        await Field(page, "bridge-source-WebhookUsername").FillAsync("kobo");
        await Field(page, "bridge-source-WebhookPassword").FillAsync(WebhookPassword);

        await PickAsync(page, "bridge-sink-kind", "Azure Event Hubs");
        await Assertions.Expect(Field(page, "bridge-sink-connection")).ToHaveValueAsync("hub");
        await BrowserSession.ScreenshotAsync(page, "kobo-06-bridge-dialog");
        await page.ClickAsync("[data-testid=bridge-save]");
        await Assertions.Expect(page.Locator("[data-testid=webhook-setup-steps]")).ToContainTextAsync("Basic authentication, username 'kobo'");
        await page.ClickAsync("[data-testid=webhook-setup-done]");

        await Assertions.Expect(page.Locator("[data-testid=bridge-state-households]")).ToHaveTextAsync("Stopped");
        await page.ClickAsync("[data-testid=start-households]");
        await Assertions.Expect(page.Locator("[data-testid=bridge-state-households]")).ToHaveTextAsync("Running");
        await hubs.WaitForEventsAsync(Submissions);
        Assert.Equal(
            kobo.Submissions(KoboBridges.Asset).Select(s => s["_id"]!.ToJsonString()),
            hubs.Events.Select(e => e.UserProperties["naturalId"]));

        // The dashboard counts the deliveries.
        await page.GotoAsync("/");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=stat-delivered]")).ToHaveTextAsync($"{Submissions}", EngineTimeout);
        await Assertions.Expect(page.Locator("[data-testid=stat-failed]")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid=bridge-stats]")).ToContainTextAsync("households");
        await BrowserSession.ScreenshotAsync(page, "kobo-07-dashboard");

        // The bridge page shows where the poll stands.
        await page.GotoAsync("/bridges");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=bridge-link-households]");
        await page.WaitForURLAsync("**/bridges/*");
        await BrowserSession.WaitForCircuitAsync(page);
        var lastId = kobo.Submissions(KoboBridges.Asset)[^1]["_id"]!.ToJsonString();
        await Assertions.Expect(page.Locator("[data-testid=bridge-cursor]")).ToHaveTextAsync(lastId, EngineTimeout);
        await Assertions.Expect(page.Locator("[data-testid=bridge-last-poll]")).ToContainTextAsync(" UTC");
        await Assertions.Expect(page.Locator("[data-testid=bridge-last-poll]")).ToContainTextAsync("record(s) fetched");
        await Assertions.Expect(page.Locator("[data-testid=bridge-poll-error]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=bridge-next-poll]")).ToContainTextAsync(" UTC");
        await Assertions.Expect(page.Locator("[data-testid=bridge-webhook-url]")).ToContainTextAsync("/hooks/");
        await Assertions.Expect(page.Locator("[data-testid=bridge-poll-now]")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "kobo-08-bridge-detail");

        // The edit dialog opens on the stored project, and the webhook password stays write-only.
        await page.ClickAsync("[data-testid=bridge-edit]");
        await Assertions.Expect(Field(page, "bridge-source-AssetUid")).ToHaveValueAsync(KoboBridges.Asset);
        await Assertions.Expect(Field(page, "bridge-source-WebhookUsername")).ToHaveValueAsync("kobo");
        var password = Field(page, "bridge-source-WebhookPassword");
        await Assertions.Expect(password).ToHaveValueAsync("");
        await Assertions.Expect(password).ToHaveAttributeAsync("placeholder", SettingFieldsEditor.SetPlaceholder);
        Assert.DoesNotContain(WebhookPassword, await page.ContentAsync());
        await page.ClickAsync("[data-testid=bridge-source-catalog]");
        await Assertions.Expect(Field(page, "bridge-source-AssetUid")).ToHaveValueAsync($"{ProjectName} ({KoboBridges.Asset})");
        await BrowserSession.ScreenshotAsync(page, "kobo-09-bridge-edit");
        await page.ClickAsync("[data-testid=bridge-save]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        // Saved without retyping it, the webhook password still guards the REST-service endpoint the page shows.
        var webhookUrl = new Uri(await page.Locator("[data-testid=bridge-webhook-url]").InnerTextAsync());
        using var http = new HttpClient();
        var pushed = kobo.AddSubmission(KoboBridges.Asset, new JsonObject { ["household"] = "pushed", ["members"] = 2 });
        using (var refused = await PostHookAsync(http, webhookUrl, pushed, "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var accepted = await PostHookAsync(http, webhookUrl, pushed, WebhookPassword))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await hubs.WaitForEventsAsync(Submissions + 1);
        Assert.Contains(hubs.Events, e => e.UserProperties["naturalId"] == pushed["_id"]!.ToJsonString());

        await page.ClickAsync("[data-testid=bridge-stop]");
        await Assertions.Expect(page.Locator("[data-testid=bridge-state]")).ToHaveTextAsync("Stopped");
        await Assertions.Expect(page.Locator("[data-testid=bridge-next-poll]")).ToHaveTextAsync("stopped: no polling");
        await Assertions.Expect(page.Locator("[data-testid=bridge-poll-now]")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "kobo-10-stopped");
    }

    /// <summary>What Kobo's REST service sends: the submission's JSON, with the service's basic-auth user and password.</summary>
    private static Task<HttpResponseMessage> PostHookAsync(HttpClient http, Uri url, JsonObject submission, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(submission.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"kobo:{password}")));
        return http.SendAsync(request);
    }

    /// <summary>Opens a MudBlazor select and clicks the option holding <paramref name="option"/>.</summary>
    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").First.ClickAsync();
        var popover = page.Locator(".mud-popover-open");
        await popover.Locator(".mud-list-item", new() { HasText = option }).First.ClickAsync();
        await Assertions.Expect(popover).ToHaveCountAsync(0);
    }
}

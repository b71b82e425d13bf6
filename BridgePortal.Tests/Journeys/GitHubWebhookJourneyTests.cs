using System.Net;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Identity;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static BridgePortal.Tests.Journeys.Journeys;

namespace BridgePortal.Tests.Journeys;

/// <summary>An operator builds a GitHub webhook bridge into PostgreSQL in the browser, and sees a signed push's commits arrive.</summary>
public sealed class GitHubWebhookJourneyTests
{
    private const string OperatorEmail = "webhooks-operator@example.org";
    private const string Secret = "gh-hook-s3cret-never-shown";
    private static readonly LocatorAssertionsToHaveTextOptions EngineTimeout = new() { Timeout = 20_000 };

    [SkippableFact]
    public async Task An_operator_creates_a_GitHub_bridge_posts_a_signed_push_to_its_webhook_url_and_sees_the_commits()
    {
        var sink = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("sink");
        await using var browser = await BrowserSession.LaunchAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, OperatorEmail);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BridgePortal.Connectors.ConnectionService>().SaveAsync(owner, null, new BridgePortal.Connectors.ConnectionDraft(
                PostgreSqlConnectionKind.Kind, "metrics-db", [], new() { [PostgreSqlConnectionKind.ConnectionString] = sink }), CancellationToken.None);
        }

        var page = await browser.NewPageAsync(host.Address);
        try
        {
            await Journeys.LogInAsync(page, host, OperatorEmail);

            await page.GotoAsync("/bridges");
            await BrowserSession.WaitForCircuitAsync(page);
            await page.ClickAsync("[data-testid=new-bridge]");
            await page.Locator("[data-testid=bridge-name]").Locator("input").Or(page.Locator("input[data-testid=bridge-name]")).First.FillAsync("octo-commits");
            await PickAsync(page, "bridge-source-kind", "GitHub webhook");
            await page.Locator("[data-testid=bridge-source-WebhookSecret]").Locator("input").Or(page.Locator("input[data-testid=bridge-source-WebhookSecret]")).First.FillAsync(Secret);
            await PickAsync(page, "bridge-sink-kind", "PostgreSQL (webhook document tables)");

            // Issue 15: "Create missing tables" is a switch, on by default, so the first delivery finds its table.
            await Assertions.Expect(page.Locator("[data-testid=bridge-sink-CreateTables] input[type=checkbox]")).ToBeCheckedAsync();
            await BrowserSession.ScreenshotAsync(page, "40-github-bridge-dialog");
            await page.ClickAsync("[data-testid=bridge-save]");

            // A webhook bridge shows GitHub's set-up instead of an ingest token.
            var setup = page.Locator("[data-testid=webhook-setup-dialog]");
            await Assertions.Expect(setup).ToContainTextAsync("X-Hub-Signature-256");
            await Assertions.Expect(setup).ToContainTextAsync("application/json");
            await Assertions.Expect(page.Locator("[data-testid=webhook-setup-url]")).ToContainTextAsync("/hooks/");
            await Assertions.Expect(page.Locator("[data-testid=ingest-token]")).ToHaveCountAsync(0);
            await BrowserSession.ScreenshotAsync(page, "40b-github-webhook-setup");
            await page.ClickAsync("[data-testid=webhook-setup-done]");
            await page.ClickAsync("[data-testid=start-octo-commits]");
            await Assertions.Expect(page.Locator("[data-testid=bridge-state-octo-commits]")).ToHaveTextAsync("Running");

            await page.ClickAsync("[data-testid=bridge-link-octo-commits]");
            await page.WaitForURLAsync("**/bridges/*");
            await BrowserSession.WaitForCircuitAsync(page);
            var webhookUrl = new Uri(await page.Locator("[data-testid=bridge-webhook-url]").InnerTextAsync());
            Assert.DoesNotContain(Secret, await page.ContentAsync());

            using var http = new HttpClient();
            var push = WebhookPayloads.GitHubPush(3, salt: "ui");
            using var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl + "?prj=ld-2026&quality_model=default")
            {
                Content = new StringContent(push, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-GitHub-Event", "push");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.Add("X-Hub-Signature-256", WebhookPayloads.HexHmacSha256(Secret, push));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

            for (var i = 0; i < 3; i++)
            {
                var id = "commit:" + WebhookPayloads.Sha(i, "ui");
                await Assertions.Expect(page.Locator($"[data-testid='record-status-{id}']")).ToHaveTextAsync("Delivered", EngineTimeout);
                await Assertions.Expect(page.Locator($"[data-testid='record-module-{id}']")).ToHaveTextAsync("commit");
            }

            await BrowserSession.ScreenshotAsync(page, "41-github-commits-on-bridge");
            Assert.Equal(3, (await WebhookBridges.QueryAsync<string>(sink, "select natural_id from doc_commit")).Count);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            await BrowserSession.ScreenshotAsync(page, "49-github-journey-failure");
            throw;
        }
    }
}

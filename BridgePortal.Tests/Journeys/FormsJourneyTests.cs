using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using BridgePortal.Data.Model;
using static BridgePortal.Tests.Journeys.Journeys;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// Issue 15 "Forms and flows" and issue 17's secret headers, as an operator and an admin see them: nothing secret comes
/// back into a page, fixed choices are selects, the token dialog copies and shows a working curl, the bridge page
/// names its sink, role changes ask first, and unknown addresses get the portal's not-found page.
/// </summary>
public sealed class FormsJourneyTests
{
    private const string OperatorEmail = "forms-operator@example.org";
    private const string TypedPassword = "Typed-Wrong-Pass-9";
    private const string SecretHeader = "Authorization: Bearer hdr-s3cret-never-shown";

    [SkippableFact]
    public async Task Secrets_stay_hidden_choices_are_selects_the_token_dialog_copies_and_unknown_urls_are_not_found()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await TestUsers.EnsureAdminAsync(host);
        await TestUsers.CreateAsync(host, OperatorEmail, BridgeRoles.Operator);
        var page = await browser.NewPageAsync(host.Address);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = host.Address.ToString().TrimEnd('/') });
        try
        {
            await OperatorAsync(host, fake, page);
            await AdminAsync(host, page);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            await BrowserSession.ScreenshotAsync(page, "forms-failure");
            throw;
        }
    }

    private static async Task OperatorAsync(PortalHost host, FakeHttpEndpoint fake, IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", OperatorEmail);
        await page.FillAsync("#Input\\.Password", TypedPassword);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.GetByText("Invalid email or password")).ToBeVisibleAsync();
        Assert.DoesNotContain(TypedPassword, await page.ContentAsync());
        await Assertions.Expect(page.Locator("#Input\\.Password")).ToHaveValueAsync("");
        await page.FillAsync("#Input\\.Password", TestUsers.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(host.Address.ToString());

        // Secret headers: masked while typed, never shown back, encrypted at rest.
        await page.GotoAsync("/connections");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-connection]");
        await Field(page, "connection-name").FillAsync("central");
        await Field(page, "connection-field-BaseUrl").FillAsync(fake.BaseAddress.ToString());
        var headers = page.Locator("[data-testid=connection-field-SecretHeaders] textarea, textarea[data-testid=connection-field-SecretHeaders]").First;
        await headers.FillAsync(SecretHeader);
        Assert.Equal("disc", await headers.EvaluateAsync<string>("e => getComputedStyle(e).webkitTextSecurity"));
        await Shots.TakeAsync(page, "forms-01-connection-secret-headers");
        await page.ClickAsync("[data-testid=connection-save]");
        await Assertions.Expect(page.Locator("[data-testid=connections-table]")).ToContainTextAsync("central");
        await page.ClickAsync("[data-testid=edit-connection-central]");
        await Assertions.Expect(headers).ToHaveValueAsync("");
        await Assertions.Expect(headers).ToHaveAttributeAsync("placeholder", "•••••• (set) — type to replace");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("leave empty to keep the stored value");
        Assert.DoesNotContain("hdr-s3cret", await page.ContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        var stored = await host.DbAsync(db => db.Connections.SingleAsync(c => c.Name == "central"));
        Assert.DoesNotContain("hdr-s3cret", stored.SettingsJson + stored.ProtectedSecret);

        // A bridge: the Http sink's mode is a select, and the token dialog copies and shows a working curl.
        await page.GotoAsync("/bridges");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-bridge]");
        await Field(page, "bridge-name").FillAsync("forms-bridge");
        await PickAsync(page, "bridge-sink-kind", "HTTP endpoint (POST JSON)");
        await Assertions.Expect(Field(page, "bridge-sink-Mode")).ToHaveValueAsync("Per record (one POST each)");
        await PickAsync(page, "bridge-sink-Mode", "Batch (one POST of a JSON array)");
        await Field(page, "bridge-sink-Path").FillAsync("/inbox");
        await Shots.TakeAsync(page, "forms-02-bridge-dialog-choices");
        await page.ClickAsync("[data-testid=bridge-save]");

        var token = await Field(page, "ingest-token").InputValueAsync();
        var url = await Field(page, "ingest-url").InputValueAsync();
        await Assertions.Expect(page.Locator("[data-testid=ingest-curl]")).ToContainTextAsync($"curl -X POST '{url}' -H 'Authorization: Bearer {token}'");
        await page.ClickAsync("[data-testid=ingest-copy-token]");
        Assert.Equal(token, await ClipboardAsync(page, token));
        await page.ClickAsync("[data-testid=ingest-copy-curl]");
        Assert.StartsWith($"curl -X POST '{url}'", await ClipboardAsync(page, "curl "));
        await Shots.TakeAsync(page, "forms-03-token-dialog");
        await page.ClickAsync("[data-testid=ingest-token-done]");

        // The bridge page names its sink, its connection and its settings.
        await page.ClickAsync("[data-testid=bridge-link-forms-bridge]");
        await page.WaitForURLAsync("**/bridges/*");
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=bridge-kinds]")).ToHaveTextAsync("Ingest API (POST /api/ingest/{key}) → HTTP endpoint (POST JSON)");
        await Assertions.Expect(page.Locator("[data-testid=bridge-sink-connection-name]")).ToHaveTextAsync("central (HTTP endpoint)");
        await Assertions.Expect(page.Locator("[data-testid=bridge-sink-settings]")).ToContainTextAsync("Path: /inbox");
        await Assertions.Expect(page.Locator("[data-testid=bridge-sink-settings]")).ToContainTextAsync("Mode: Batch (one POST of a JSON array)");
        await Shots.TakeAsync(page, "forms-04-bridge-page");

        // Unknown addresses: the portal's page, with a 404.
        foreach (var path in new[] { "/nope", "/bridges/999999" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response?.Status);
            await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToHaveTextAsync("Not found");
        }

        await Shots.TakeAsync(page, "forms-05-not-found");
        await page.Context.ClearCookiesAsync();
    }

    private static async Task AdminAsync(PortalHost host, IPage page)
    {
        await Journeys.LogInAsync(page, host, TestUsers.AdminEmail);
        await page.GotoAsync("/users");
        await BrowserSession.WaitForCircuitAsync(page);

        // A role change asks first, with a red button; cancelling keeps the role (on screen and stored).
        await PickAsync(page, $"role-{OperatorEmail}", BridgeRoles.Viewer);
        var confirm = page.Locator("[data-testid=confirm-ok]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-message]")).ToContainTextAsync($"Make {OperatorEmail} Viewer instead of Operator?");
        await Assertions.Expect(confirm).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-button-filled-error"));
        await Shots.TakeAsync(page, "forms-06-role-confirm");
        await page.ClickAsync("[data-testid=confirm-cancel]");
        var roleSelect = page.Locator($"[data-testid='role-{OperatorEmail}']").First;
        await Assertions.Expect(roleSelect).ToContainTextAsync(BridgeRoles.Operator);
        await Assertions.Expect(roleSelect).Not.ToContainTextAsync(BridgeRoles.Viewer);
        Assert.Equal([BridgeRoles.Operator], await RolesAsync(host));

        await PickAsync(page, $"role-{OperatorEmail}", BridgeRoles.Viewer);
        await page.ClickAsync("[data-testid=confirm-ok]");
        await Assertions.Expect(page.GetByText($"{OperatorEmail} is now Viewer")).ToBeVisibleAsync();
        Assert.Equal([BridgeRoles.Viewer], await RolesAsync(host));
    }

    /// <summary>The clipboard once it starts with <paramref name="expected"/> (the copy is a round trip to the server and back), or what it holds after 10 s.</summary>
    private static async Task<string> ClipboardAsync(IPage page, string expected)
    {
        var text = "";
        for (var i = 0; i < 100 && !text.StartsWith(expected, StringComparison.Ordinal); i++)
        {
            await page.WaitForTimeoutAsync(100);
            text = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        }

        return text;
    }

    private static async Task<IList<string>> RolesAsync(PortalHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(OperatorEmail))!);
    }
}

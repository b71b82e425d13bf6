using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>What a newcomer does: open the portal, create the first admin, log in, look around, add a user, log out.</summary>
public sealed class FirstRunJourneyTests
{
    [SkippableFact]
    public async Task A_newcomer_sets_up_the_first_admin_logs_in_sees_the_dashboard_adds_a_user_and_logs_out()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        var page = await browser.NewPageAsync(host.Address);

        await page.GotoAsync("/");
        Assert.EndsWith("/setup", page.Url);
        await page.FillAsync("#Input\\.Email", TestUsers.AdminEmail);
        await page.FillAsync("#Input\\.Password", TestUsers.Password);
        await page.FillAsync("#Input\\.ConfirmPassword", TestUsers.Password);
        await BrowserSession.ScreenshotAsync(page, "01-setup");
        await page.ClickAsync("#setup-submit");

        await page.WaitForURLAsync("**/Account/Login**");
        Assert.Contains("created", await page.Locator("[data-testid=status-message]").InnerTextAsync());
        await page.FillAsync("#Input\\.Email", TestUsers.AdminEmail);
        await page.FillAsync("#Input\\.Password", TestUsers.Password);
        await page.ClickAsync("#login-submit");

        await page.WaitForURLAsync(host.Address.ToString());
        await BrowserSession.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=dashboard-title]")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToHaveTextAsync(TestUsers.AdminEmail);
        await BrowserSession.ScreenshotAsync(page, "02-dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.WaitForURLAsync("**/users");
        await BrowserSession.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=new-user]");
        await page.Locator("input[data-testid=new-user-email], [data-testid=new-user-email] input").First.FillAsync("viewer@example.org");
        await page.Locator("input[data-testid=new-user-password], [data-testid=new-user-password] input").First.FillAsync(TestUsers.Password);
        await page.ClickAsync("[data-testid=new-user-create]");
        await Assertions.Expect(page.Locator("[data-testid=users-table]")).ToContainTextAsync("viewer@example.org");
        await BrowserSession.ScreenshotAsync(page, "03-users");

        await page.ClickAsync("[data-testid=theme-toggle]");
        await BrowserSession.ScreenshotAsync(page, "04-users-dark");

        await page.Locator("[data-testid=user-menu] button, button[data-testid=user-menu]").First.ClickAsync();
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/Account/Login**");
        await page.GotoAsync("/users");
        Assert.Contains("/Account/Login", page.Url);
    }
}

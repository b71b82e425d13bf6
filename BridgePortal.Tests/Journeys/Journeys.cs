using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// The steps every browser journey takes the same way: logging in through the real form, finding a MudBlazor input
/// wherever its test id landed, picking a select's option. Journeys keep their own assertions.
/// </summary>
public static class Journeys
{
    /// <summary>Logs in through the log-in form and waits for the dashboard.</summary>
    public static async Task LogInAsync(IPage page, PortalHost host, string email, string password = TestUsers.Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(host.Address.ToString());
    }

    /// <summary>A new page (its own browser context, so its own cookies), logged in as <paramref name="email"/>.</summary>
    public static async Task<IPage> LogInAsync(BrowserSession browser, PortalHost host, string email)
    {
        var page = await browser.NewPageAsync(host.Address);
        await LogInAsync(page, host, email);
        return page;
    }

    /// <summary>A MudBlazor text field's input, wherever the test id landed (on the input or its wrapper).</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    /// <summary>Opens a MudBlazor select and clicks <paramref name="option"/> (forced: Playwright does not wait for the select to pass its actionability checks, as the journeys always did).</summary>
    public static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid='{testId}']").First.ClickAsync(new() { Force = true });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }
}

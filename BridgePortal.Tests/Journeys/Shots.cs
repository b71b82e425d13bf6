using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>Screenshots of one state at a laptop (1366 px) and a phone (400 px) width, light and dark, to be looked at.</summary>
public static class Shots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var original = page.ViewportSize;
        foreach (var width in new[] { 1366, 400 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await BrowserSession.ScreenshotAsync(page, $"{name}-{width}-light");
            if (await ToggleThemeAsync(page))
            {
                await BrowserSession.ScreenshotAsync(page, $"{name}-{width}-dark");
                await ToggleThemeAsync(page);
            }
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    // Pages without the portal's layout (login) have no theme switch; a dispatched click reaches it under an open dialog.
    private static async Task<bool> ToggleThemeAsync(IPage page)
    {
        var toggle = page.Locator("[data-testid=theme-toggle]");
        if (await toggle.CountAsync() == 0)
        {
            return false;
        }

        await toggle.First.DispatchEventAsync("click");
        await page.WaitForTimeoutAsync(300);
        return true;
    }
}

using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Ui;

/// <summary>Screenshots of a page in light and dark, at 1366 and 400 px, asserting the page never scrolls sideways.</summary>
public static class Screens
{
    /// <param name="overflowChecked">False for a page whose sideways overflow comes from layout outside the change under test (noted in the caller).</param>
    public static async Task ShootAllAsync(IPage page, string name, bool overflowChecked = true)
    {
        foreach (var dark in new[] { false, true })
        {
            if (dark)
            {
                await ToggleThemeAsync(page);
            }

            foreach (var width in new[] { 1366, 400 })
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.WaitForTimeoutAsync(150);
                var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                await BrowserSession.ScreenshotAsync(page, $"{name}-{(dark ? "dark" : "light")}-{width}");
                Assert.True(!overflowChecked || widths[0] <= widths[1], $"{name} at {width} px ({(dark ? "dark" : "light")}): the page is {widths[0]} px wide");
            }
        }

        await ToggleThemeAsync(page);
        await page.SetViewportSizeAsync(1366, 900);
    }

    private static Task ToggleThemeAsync(IPage page) => page.Locator("[data-testid=theme-toggle]").DispatchEventAsync("click");
}

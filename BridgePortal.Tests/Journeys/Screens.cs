using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>Screenshots of a page in light and dark, at 1366 and 400 px, asserting the page never scrolls sideways.</summary>
public static class Screens
{
    /// <param name="overflowChecked">False for a page whose sideways overflow comes from layout outside the change under test (noted in the caller).</param>
    /// <param name="tablesChecked">Also asserts that no table scrolls sideways, which would cut off its last columns.</param>
    public static async Task ShootAllAsync(IPage page, string name, bool overflowChecked = true, bool tablesChecked = false)
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
                if (tablesChecked)
                {
                    var clipped = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.mud-table-container')].filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.scrollWidth + '>' + t.clientWidth).join(' ')");
                    Assert.True(clipped == "", $"{name} at {width} px ({(dark ? "dark" : "light")}): tables scroll sideways ({clipped}), so columns such as Actions are cut off");
                }
            }
        }

        await ToggleThemeAsync(page);
        await page.SetViewportSizeAsync(1366, 900);
    }

    // A dispatched click reaches the app bar's toggle even while a dialog's overlay covers it.
    private static Task ToggleThemeAsync(IPage page) => page.Locator("[data-testid=theme-toggle]").DispatchEventAsync("click");
}

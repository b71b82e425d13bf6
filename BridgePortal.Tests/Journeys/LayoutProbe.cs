using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// Looks at a page the way a phone and a laptop show it: at 1366 and 400 px the page never scrolls sideways,
/// no table scrolls sideways (that is how Actions columns get cut off), and the page stays a sane height even
/// with 200-character ids and megabyte payloads. Saves a full-page screenshot of each width.
/// </summary>
public static class LayoutProbe
{
    public static readonly int[] Widths = [1366, 400];

    /// <summary>
    /// Taller than this means some value was laid out letter by letter or in full (one long id made the bridge page
    /// 13,500 px). On a phone the bridge page with the journey's five records and two failed tries as cards, sink
    /// health and pause controls is about 3,250 px of ordinary content, hence the margin.
    /// </summary>
    public const int SaneHeight = 4000;

    /// <summary>Checks <paramref name="page"/> at both widths and adds what is wrong to <paramref name="problems"/> (one run shows them all).</summary>
    public static async Task CheckAsync(IPage page, string name, List<string> problems, int maxHeight = SaneHeight)
    {
        var theme = await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme ?? 'light'");
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.WaitForTimeoutAsync(200);
            var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth, document.documentElement.scrollHeight]");
            await BrowserSession.ScreenshotAsync(page, $"layout-{name}-{theme}-{width}");
            var where = $"{name} at {width} px ({theme})";
            if (size[0] > size[1])
            {
                problems.Add($"{where}: the page is {size[0]} px wide");
            }

            if (size[2] >= maxHeight)
            {
                problems.Add($"{where}: the page is {size[2]} px tall");
            }

            var clipped = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.mud-table-container')].filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.scrollWidth + '>' + t.clientWidth).join(' ')");
            if (clipped != "")
            {
                problems.Add($"{where}: tables scroll sideways ({clipped}), so columns such as Actions are cut off");
            }

            // A cell or button past the right edge is cut off even when some container hides the overflow.
            var beyond = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.mud-main-content td, .mud-main-content th, .mud-main-content button, .mud-main-content .mud-paper')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 3).map(e => (e.dataset.label ?? e.tagName) + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')");
            if (beyond != "")
            {
                problems.Add($"{where}: cut off at the right edge ({beyond})");
            }
        }
    }
}

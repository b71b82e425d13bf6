using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>The dashboard's delivery chart: fills its card, labels that do not overlap, and words when it is empty.</summary>
public sealed class DeliveryChartJourneyTests
{
    [SkippableFact]
    public async Task The_chart_fills_its_card_its_labels_never_overlap_and_an_empty_window_says_no_deliveries()
    {
        await using var journey = await HttpSinkJourney.StartAsync();
        var (host, fake, browser, client) = (journey.Host, journey.Fake, journey.Browser, journey.Client);
        const string email = "chart-operator@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, email);
        await TestBridges.ActorAsync(host, BridgeRoles.Operator, "chart-newcomer@example.org");
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        foreach (var id in new[] { "c-1", "c-2", "c-3" })
        {
            using (var accepted = await TestBridges.IngestAsync(client, bridge, """{"n":1}""", id))
            {
                Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
            }

            await host.UntilStatusAsync(bridge.Id, id, RecordStatus.Delivered);
        }

        var page = await Journeys.LogInAsync(browser, host, email);
        await BrowserSession.WaitForCircuitAsync(page);
        foreach (var window in new[] { "24h", "7d", "1h" })
        {
            await page.ClickAsync($"[data-testid=window-{window}]");
            foreach (var width in LayoutProbe.Widths)
            {
                await page.SetViewportSizeAsync(width, 900);
                await Assertions.Expect(page.Locator("[data-testid=delivery-chart] svg").First).ToBeVisibleAsync();
                await page.WaitForTimeoutAsync(300); // the chart measures its card after a resize
                var fill = await page.EvaluateAsync<double>(
                    "() => { const card = document.querySelector('[data-testid=delivery-chart]'); const svg = card.querySelector('svg'); return svg.getBoundingClientRect().width / (card.clientWidth - 32); }");
                Assert.True(fill > 0.9, $"{window} at {width} px: the plot takes {fill:P0} of its card's width");
                // The chart re-measures its card some time after a resize (slower on a busy machine): give it a few seconds.
                var overlaps = "";
                for (var tries = 0; tries < 20 && (tries == 0 || overlaps != ""); tries++)
                {
                    if (tries > 0)
                    {
                        await page.WaitForTimeoutAsync(250);
                    }

                    overlaps = await page.EvaluateAsync<string>(
                    """
                    () => {
                        // Parallel labels slanted by θ are apart when their anchors' spacing times sin θ exceeds the font size.
                        const texts = [...document.querySelectorAll('[data-testid=delivery-chart] .mud-charts-xaxis text')];
                        const boxes = texts.map(t => t.getBoundingClientRect());
                        const angle = Math.abs(Number((texts[0]?.getAttribute('transform') ?? '').match(/rotate\((-?[\d.]+)/)?.[1] ?? 0)) * Math.PI / 180;
                        const font = parseFloat(getComputedStyle(texts[0]).fontSize);
                        return boxes.slice(1).map((r, i) => angle > 0
                            ? ((r.left + r.right) - (boxes[i].left + boxes[i].right)) / 2 * Math.sin(angle) < font ? `slanted ${i}` : ''
                            : r.left < boxes[i].right + 2 ? `${boxes[i].right}>${r.left}` : '').filter(x => x).join(' ') + (texts.length < 12 ? ` only ${texts.length} labels` : '');
                    }
                    """);
                }

                Assert.True(overlaps == "", $"{window} at {width} px: x-axis labels overlap ({overlaps})");
                await BrowserSession.ScreenshotAsync(page, $"chart-{window}-{width}");
            }
        }

        // Someone without deliveries sees words, not a lone "0" on an empty axis.
        var newcomer = await Journeys.LogInAsync(browser, host, "chart-newcomer@example.org");
        await BrowserSession.WaitForCircuitAsync(newcomer);
        await Assertions.Expect(newcomer.Locator("[data-testid=chart-empty]")).ToHaveTextAsync("No deliveries in this window");
        await Assertions.Expect(newcomer.Locator("[data-testid=delivery-chart] svg")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(newcomer, "chart-empty");
    }
}

using BridgePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser). Skips the test outside CI when
/// Chromium is not installed; on CI that is a failure.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(RepositoryRoot.File("TestResults", "screenshots")).FullName;

    public static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (PostgresServer.Required)
            {
                throw new InvalidOperationException($"CI=true but {ChromiumPath} is missing (apt-get install chromium)");
            }

            Skip.If(true, $"browser tests skipped: {ChromiumPath} is not installed (apt-get install chromium)");
        }

        // Expect(...) assertions wait as long as actions do: a busy 2-core CI machine renders slower than 5 s at times.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        return new BrowserSession(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        ConsoleLogs.AddOrUpdate(page, console);
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add($"pageerror: {error}");
        return page;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> ConsoleLogs = [];

    /// <summary>Waits until the interactive circuit is up (the layout sets the flag after its first interactive render).</summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        try
        {
            await page.Locator("#portal-shell[data-interactive=true]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            await ScreenshotAsync(page, "circuit-timeout");
            var console = ConsoleLogs.TryGetValue(page, out var lines) ? string.Join("\n", lines) : "";
            throw new TimeoutException($"the Blazor circuit did not start on {page.Url}; browser console:\n{console}", e);
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}

using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// Dark mode follows the OS until the user chooses, and the choice survives a reload. The server renders the
/// theme (from the cookies theme.js writes), so the page arrives dark: no light flash before the circuit starts.
/// </summary>
public sealed class ThemeJourneyTests
{
    [SkippableFact]
    public async Task Dark_mode_defaults_to_the_OS_preference_and_a_choice_is_remembered_across_reloads()
    {
        // The browser is disposed first: open circuits would hold up the host's shutdown.
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, kestrel: true);
        await using var browser = await BrowserSession.LaunchAsync();
        const string email = "theme-operator@example.org";
        await TestBridges.ActorAsync(host, BridgeRoles.Operator, email);

        // An OS in dark mode: the log-in page and then the dashboard are dark, the dashboard already in the server's HTML.
        var page = await LogInAsync(browser, host, email, ColorScheme.Dark);
        await AssertServedAsync(page, "dark");
        Assert.True(await BackgroundIsDarkAsync(page), "the dashboard ignores the OS dark preference");
        await BrowserSession.ScreenshotAsync(page, "theme-01-os-dark");

        // The user picks light: a reload (OS still dark) stays light, again from the first byte.
        await page.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(page.Locator("#portal-shell")).ToHaveAttributeAsync("data-theme", "light");
        await AssertServedAsync(page, "light");
        Assert.False(await BackgroundIsDarkAsync(page), "the chosen light mode was lost on reload");
        await BrowserSession.ScreenshotAsync(page, "theme-02-chosen-light-after-reload");

        // A fresh browser with a light OS starts light; choosing dark survives a reload.
        var light = await LogInAsync(browser, host, email, ColorScheme.Light);
        await AssertServedAsync(light, "light");
        Assert.False(await BackgroundIsDarkAsync(light), "a light OS got a dark dashboard");
        await light.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(light.Locator("#portal-shell")).ToHaveAttributeAsync("data-theme", "dark");
        await AssertServedAsync(light, "dark");
        Assert.True(await BackgroundIsDarkAsync(light), "the chosen dark mode was lost on reload");
        await BrowserSession.ScreenshotAsync(light, "theme-03-chosen-dark-after-reload");
    }

    private static async Task<IPage> LogInAsync(BrowserSession browser, PortalHost host, string email, ColorScheme scheme)
    {
        var page = await browser.NewPageAsync(host.Address);
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        await page.GotoAsync("/Account/Login");
        var expected = scheme == ColorScheme.Dark ? "dark" : "light";
        Assert.Equal(expected, await ThemeOfAsync(page));
        Assert.Equal(scheme == ColorScheme.Dark, await BackgroundIsDarkAsync(page));
        await BrowserSession.ScreenshotAsync(page, $"theme-00-login-{expected}");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", TestUsers.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(host.Address.ToString());
        return page;
    }

    // Loads the dashboard and checks the theme in the HTML the server sent, before any script of the circuit ran.
    private static async Task AssertServedAsync(IPage page, string theme)
    {
        var response = await page.GotoAsync("/");
        var html = await response!.TextAsync();
        Assert.Contains($"<html lang=\"en\" data-theme=\"{theme}\">", html, StringComparison.Ordinal);
        Assert.Contains($"data-theme=\"{theme}\"", Regex.Match(html, "<div[^>]*id=\"portal-shell\"[^>]*>").Value, StringComparison.Ordinal);
        await BrowserSession.WaitForCircuitAsync(page);
        Assert.Equal(theme, await ThemeOfAsync(page));
        await Assertions.Expect(page.Locator("#portal-shell")).ToHaveAttributeAsync("data-theme", theme);
    }

    private static Task<string> ThemeOfAsync(IPage page) => page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");

    // Dark means the page's own background is dark, whatever drew it (MudBlazor's palette or the account pages' CSS).
    private static Task<bool> BackgroundIsDarkAsync(IPage page) => page.EvaluateAsync<bool>(
        """
        () => {
            const el = document.querySelector('.auth-shell') ?? document.body;
            const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b < 100;
        }
        """);
}

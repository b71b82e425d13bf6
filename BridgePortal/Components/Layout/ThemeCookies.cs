namespace BridgePortal.Components.Layout;

/// <summary>
/// The theme the server renders, read from the cookies wwwroot/theme.js writes: the user's own choice, else the
/// OS preference the browser last reported. Rendering it on the server is what keeps a reload from flashing light.
/// </summary>
internal static class ThemeCookies
{
    public const string Chosen = "bp-theme";
    public const string Os = "bp-os-theme";

    public static bool IsDark(IRequestCookieCollection cookies) => (cookies[Chosen] ?? cookies[Os]) == "dark";
}

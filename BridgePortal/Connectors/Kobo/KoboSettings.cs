namespace BridgePortal.Connectors.Kobo;

/// <summary>Names of the Kobo connection's and Kobo source's settings.</summary>
public static class KoboSettings
{
    public const string ServerUrl = "ServerUrl";
    public const string ApiToken = "ApiToken";

    public const string AssetUid = "AssetUid";
    public const string PageSize = "PageSize";
    public const string RescanHours = "RescanHours";
    public const string WebhookUsername = "WebhookUsername";
    public const string WebhookPassword = "WebhookPassword";

    public const int DefaultPageSize = 1000;

    public static int Size(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(PageSize, out var v) && int.TryParse(v, out var n) && n is >= 1 and <= 30000 ? n : DefaultPageSize;

    public static int Rescan(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(RescanHours, out var v) && int.TryParse(v, out var n) && n is >= 0 and <= 24 * 31 ? n : 0;
}

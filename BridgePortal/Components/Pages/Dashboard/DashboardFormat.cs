using System.Globalization;

namespace BridgePortal.Components.Pages.Dashboard;

/// <summary>How the monitoring pages write numbers and times.</summary>
public static class DashboardFormat
{
    public static string Milliseconds(double? ms) => ms is { } v ? $"{Math.Round(v).ToString("N0", CultureInfo.InvariantCulture)} ms" : "—";

    public static string Percent(double? rate) => rate is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}

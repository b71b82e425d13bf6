using System.Globalization;
using BridgePortal.Monitoring;

namespace BridgePortal.Components.Pages.Dashboard;

/// <summary>The delivery chart's axes: labels that do not overlap and a y step that suits the counts.</summary>
public static class DeliveryChartAxis
{
    /// <summary>Slanted labels: twelve labels side by side overlap in a half-width card and on a phone; at 45° they never do.</summary>
    public const int LabelRotation = 45;

    /// <summary>
    /// The 7 d window's buckets are 14 h wide, so the day and hour say enough ("Tue 14h"; "Tue 14:19" was too wide for
    /// twelve side by side); shorter windows show the time.
    /// </summary>
    public static IEnumerable<string> Labels(IReadOnlyList<DeliveryBucket> buckets, StatsWindow window) =>
        buckets.Select(b => b.Start.ToString(window == StatsWindow.Last7Days ? "ddd HH'h'" : "HH:mm", CultureInfo.InvariantCulture));

    /// <summary>About four steps up to the highest bar (MudBlazor's default step of 20 leaves small counts as slivers).</summary>
    public static int TickStep(int highest)
    {
        if (highest <= 4)
        {
            return 1;
        }

        var raw = highest / 4.0;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return (int)step;
    }
}

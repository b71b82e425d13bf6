namespace BridgePortal.Monitoring;

/// <summary>The Prometheus scrape endpoint (<c>Metrics:Prometheus</c>); off unless enabled.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics:Prometheus";

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>When set, a scrape needs <c>Authorization: Bearer &lt;token&gt;</c>; when not, only loopback clients may scrape.</summary>
    public string? Token { get; set; }
}

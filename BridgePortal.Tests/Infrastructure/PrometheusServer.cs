using System.Text.Json;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>Debian's <c>prometheus</c> on a free loopback port, scraping one target every second.</summary>
public sealed class PrometheusServer(ExternalTool tool, Uri address) : IAsyncDisposable
{
    public ExternalTool Tool => tool;

    public static async Task<PrometheusServer> StartAsync(Uri target, string metricsPath, string? bearerToken)
    {
        var binary = ExternalTool.Require("Prometheus", "install Debian's 'prometheus' package", "/usr/bin/prometheus");
        var port = ExternalTool.FreePort();
        var tool = await ExternalTool.StartAsync(binary, async dir =>
        {
            var auth = bearerToken is null ? "" : $"\n    authorization:\n      credentials: \"{bearerToken}\"";
            await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: bridgeportal
                    metrics_path: {metricsPath}{auth}
                    static_configs:
                      - targets: ["{target.Authority}"]
                """);
            return $"--config.file=prometheus.yml --storage.tsdb.path=data --web.listen-address=127.0.0.1:{port}";
        });
        var address = new Uri($"http://127.0.0.1:{port}/");
        await tool.WaitUntilReadyAsync(new Uri(address, "-/ready"), TimeSpan.FromSeconds(60));
        return new PrometheusServer(tool, address);
    }

    /// <summary>An instant query through <c>/api/v1/query</c>: the first sample's value, or null when the result is empty.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var client = new HttpClient();
        var json = await client.GetStringAsync(new Uri(address, "api/v1/query?query=" + Uri.EscapeDataString(promql)));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => tool.DisposeAsync();
}

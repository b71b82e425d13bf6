using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Monitoring;

public sealed class PrometheusScrapeTests
{
    private const string Token = "scrape-token-1234";

    [SkippableFact]
    public async Task A_real_Prometheus_scrapes_the_portal_and_answers_for_the_delivered_counter_and_the_latency_histogram()
    {
        await using var sink = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["Metrics:Prometheus:Enabled"] = "true",
            ["Metrics:Prometheus:Token"] = Token,
        }, kestrel: true);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress);
        using var client = host.CreateClient();
        foreach (var n in new[] { 1, 2, 3 })
        {
            (await TestBridges.IngestAsync(client, bridge, $$"""{"n":{{n}}}""", idempotencyKey: $"r{n}")).EnsureSuccessStatusCode();
        }

        await host.UntilStatusAsync(bridge.Id, "r3", RecordStatus.Delivered);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "all three are delivered");

        await using var prometheus = await PrometheusServer.StartAsync(host.Address, "/metrics", Token);
        var of = $"{{bridge_id=\"{bridge.Id}\"}}";
        await Eventually.UntilAsync(async () => await prometheus.QueryAsync($"bridgeportal_records_delivered_total{of}") == 3, "Prometheus scraped 3 delivered records: " + prometheus.Tool.Output(), TimeSpan.FromSeconds(90));

        Assert.Equal(1, await prometheus.QueryAsync("up{job=\"bridgeportal\"}"));
        Assert.Equal(3, await prometheus.QueryAsync($"sum(bridgeportal_records_received_total{of})"));
        Assert.Equal(3, await prometheus.QueryAsync($"bridgeportal_delivery_latency_seconds_count{of}"));
        var median = await prometheus.QueryAsync($"histogram_quantile(0.5, sum by (le) (bridgeportal_delivery_latency_seconds_bucket{of}))");
        Assert.NotNull(median);
        Assert.InRange(median.Value, 0, 60);
        Assert.Equal(3, await prometheus.QueryAsync($"sum(bridgeportal_delivery_attempts_total{{bridge_id=\"{bridge.Id}\",outcome=\"delivered\"}})"));
        await Eventually.UntilAsync(async () => await prometheus.QueryAsync($"bridgeportal_queue_depth{of}") == 0, "the queue depth gauge reads 0", TimeSpan.FromSeconds(30));
        Assert.NotNull(await prometheus.QueryAsync("http_server_request_duration_seconds_count"));
    }
}

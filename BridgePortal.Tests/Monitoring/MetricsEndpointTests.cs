using System.Net;
using System.Net.Http.Headers;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Monitoring;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task The_metrics_endpoint_is_off_by_default()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/metrics");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("bridgeportal_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_token_configured_only_a_scrape_with_that_bearer_token_gets_the_metrics()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["Metrics:Prometheus:Enabled"] = "true",
            ["Metrics:Prometheus:Token"] = "right-token",
        });
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, new Uri("http://127.0.0.1:9/"), start: false);
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "right-token") } };
        var response = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE bridgeportal_queue_depth gauge", text);
        Assert.Contains($"bridge_id=\"{bridge.Id}\"", text);
    }
}

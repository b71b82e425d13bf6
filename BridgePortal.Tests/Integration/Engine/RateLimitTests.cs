using System.Net;
using BridgePortal.Engine.Model;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BridgePortal.Tests.Integration.Engine;

public sealed class RateLimitTests(ITestOutputHelper output)
{
    private const int Limit = 20;
    private const int Records = 100;

    // Turns are 50 ms apart and a sender is only ever late: a send delayed by up to 100 ms (a busy 2-core
    // machine) can move at most two turns into the next second, so at most 2 over the limit there.
    private const int Tolerance = 2;

    [SkippableFact]
    public async Task Two_instances_on_one_PostgreSQL_never_send_more_than_the_bridges_limit_in_any_second()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Delay = TimeSpan.FromMilliseconds(80); // one instance alone could not reach the limit: both must send
        var settings = await PortalHost.SettingsForAsync(StorageKind.Postgres);
        await using var first = await PortalHost.StartAsync(StorageKind.Postgres, settings);
        await using var second = await PortalHost.StartAsync(StorageKind.Postgres, new Dictionary<string, string?>(settings));
        var bridge = await TestBridges.CreateHttpBridgeAsync(first, fake.BaseAddress, start: false);
        await first.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.RateLimitPerSecond, Limit)));
        using (var client = first.CreateClient())
        {
            var items = string.Join(",", Enumerable.Range(1, Records).Select(n => $$"""{"n":{{n}}}"""));
            Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(client, bridge, $"[{items}]", idempotencyKey: "batch")).StatusCode);
        }

        await using (var scope = first.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BridgePortal.Engine.BridgeService>()
                .SetStateAsync(bridge.Owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        }

        await Eventually.UntilAsync(
            async () => (await first.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "every record is delivered", TimeSpan.FromSeconds(90));

        var arrivals = fake.Arrived.Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(Records, arrivals.Count);
        var most = SinkProtectionChecks.MostInAnySecond(arrivals);
        var seconds = (arrivals[^1] - arrivals[0]).TotalSeconds;
        output.WriteLine($"{Records} records in {seconds:F2} s ({(Records - 1) / seconds:F1}/s), at most {most} in any 1-s window (limit {Limit})");
        Assert.InRange(most, 1, Limit + Tolerance);

        // The limit is the bottleneck, not the sink: 100 records at 20/s take about 5 s, never much less.
        Assert.True(seconds >= ((Records - Limit - Tolerance) / (double)Limit) - 0.05, $"{Records} records in {seconds:F2} s is faster than the limit allows");
    }
}

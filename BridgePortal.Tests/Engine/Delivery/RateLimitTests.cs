using System.Net;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BridgePortal.Tests.Engine.Delivery;

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
            await scope.ServiceProvider.GetRequiredService<BridgePortal.Bridges.BridgeService>()
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

    /// <summary>
    /// The limiter alone, without a sink's pace: eight senders on two instances' limiters and connection pools reserve
    /// turns as fast as they can (a round trip each, far above 20/s); the turns they are given never exceed the limit.
    /// </summary>
    [SkippableFact]
    public async Task Eight_senders_on_two_instances_get_no_more_turns_than_the_limit_in_any_second()
    {
        var settings = await PortalHost.SettingsForAsync(StorageKind.Postgres);
        await using var first = await PortalHost.StartAsync(StorageKind.Postgres, settings);
        await using var second = await PortalHost.StartAsync(StorageKind.Postgres, new Dictionary<string, string?>(settings));
        var bridge = await TestBridges.CreateHttpBridgeAsync(first, new Uri("http://127.0.0.1:9/"), start: false);
        var row = await first.BridgeRowAsync(bridge.Id);
        row.RateLimitPerSecond = Limit;
        var turns = new System.Collections.Concurrent.ConcurrentQueue<DateTime>();
        var scheduled = new System.Collections.Concurrent.ConcurrentQueue<(DateTime Begin, DateTime Woke)>();
        var started = DateTime.UtcNow;
        var senders = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var host = i % 2 == 0 ? first : second;
            var limiter = host.Services.GetRequiredService<BridgePortal.Engine.RateLimiter>();
            for (var n = 0; n < 12; n++)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var begin = await limiter.WaitTurnAsync(scope.ServiceProvider.GetRequiredService<BridgePortal.Data.BridgeDbContext>(), row, 1, CancellationToken.None);
                var woke = DateTime.UtcNow;
                turns.Enqueue(woke);
                scheduled.Enqueue((begin!.Value.UtcDateTime, woke));
            }
        })).ToList();
        await Task.WhenAll(senders);

        // The schedule the limiter gave (the database's clock) holds the limit exactly; when the senders woke adds only
        // the machine's own delays, which a busy 2-core machine can stretch beyond any fixed tolerance.
        var exact = SinkProtectionChecks.MostInAnySecond(scheduled.Select(t => t.Begin));
        var most = SinkProtectionChecks.MostInAnySecond(turns);
        var seconds = (turns.Max() - started).TotalSeconds;
        output.WriteLine($"{turns.Count} turns in {seconds:F2} s, at most {exact} scheduled and {most} woken in any 1-s window (limit {Limit})");
        Assert.InRange(exact, Limit - 5, Limit); // the senders could go much faster: the limit is what holds them
        Assert.All(scheduled, t => Assert.True(t.Woke >= t.Begin.AddMilliseconds(-5), $"a sender woke at {t.Woke:O}, before its turn at {t.Begin:O}"));
        Assert.True(seconds >= ((turns.Count - Limit - Tolerance) / (double)Limit) - 0.05, $"{turns.Count} turns in {seconds:F2} s");
    }
}

using System.Diagnostics;
using System.Net;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BridgePortal.Tests.Engine.Delivery;

/// <summary>
/// A sink that goes down under a steady load and heals: the bridge pauses by itself instead of spending the
/// records' retries, probes, resumes by itself, and the healed sink gets the whole backlog at once.
/// </summary>
public sealed class CircuitBreakerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_sink_outage_under_load_pauses_the_bridge_and_the_healed_sink_gets_the_whole_backlog_without_a_manual_retry(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(503, "down for maintenance");
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        using var load = new CancellationTokenSource();
        var sent = 0;
        var loadTask = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                var response = await TestBridges.IngestAsync(client, bridge, $$"""{"n":{{n}}}""", idempotencyKey: $"r{n}");
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                await Task.Delay(50);
            }
        });
        var outage = Stopwatch.StartNew();

        await Eventually.UntilAsync(async () => (await host.BridgeRowAsync(bridge.Id)).PausedAt is not null, "the bridge pauses by itself", TimeSpan.FromSeconds(20));
        var paused = await host.BridgeRowAsync(bridge.Id);
        Assert.Equal("Http answers 503", paused.PauseReason);
        Assert.False(paused.PausedManually);
        var pausedAfter = outage.Elapsed;

        // While paused only the probes reach the sink: one record each, so the attempts grow by at most one per probe.
        await Task.Delay(TimeSpan.FromSeconds(2)); // batches in flight when it tripped have stored their outcomes
        var (attemptsBefore, requestsBefore, probesBefore) = (await host.TotalAttemptsAsync(bridge.Id), fake.Requests.Count, (await host.BridgeRowAsync(bridge.Id)).ProbeCount);
        await Task.Delay(Outage - outage.Elapsed);
        var (attemptsAfter, requestsAfter, probesAfter) = (await host.TotalAttemptsAsync(bridge.Id), fake.Requests.Count, (await host.BridgeRowAsync(bridge.Id)).ProbeCount);
        Assert.NotNull((await host.BridgeRowAsync(bridge.Id)).PausedAt);
        Assert.InRange(probesAfter - probesBefore, 1, 4); // 5 s, 10 s, 20 s … apart
        Assert.InRange(attemptsAfter - attemptsBefore, 0, probesAfter - probesBefore);
        Assert.InRange(requestsAfter - requestsBefore, 0, probesAfter - probesBefore);

        fake.Heal();
        var healed = Stopwatch.StartNew();
        await load.CancelAsync();
        await loadTask;
        await Eventually.UntilAsync(
            async () => (await host.RecordsAsync(bridge.Id)).Count(r => r.Status == RecordStatus.Delivered) == sent, $"all {sent} records are delivered", TimeSpan.FromSeconds(120));
        var drain = healed.Elapsed;

        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(sent, records.Count);
        Assert.All(records, r => Assert.Equal(RecordStatus.Delivered, r.Status));
        Assert.Null((await host.BridgeRowAsync(bridge.Id)).PausedAt);
        var audit = await host.AuditActionsAsync(bridge.Id);
        Assert.Contains("bridge.pause.auto", audit);
        Assert.Contains("bridge.resume.auto", audit);
        Assert.DoesNotContain(audit, a => a.StartsWith("record", StringComparison.Ordinal)); // no manual retry
        var lastDelivered = records.Max(r => r.DeliveredAt!.Value);
        var resumedAt = await host.DbAsync(db => Task.FromResult(db.AuditEntries.Where(a => a.BridgeId == bridge.Id && a.Action == "bridge.resume.auto").Max(a => a.At)));
        var afterResume = lastDelivered - resumedAt;
        output.WriteLine($"{storage}: {sent} records, paused after {pausedAfter.TotalSeconds:F1} s, {probesAfter - probesBefore} probe(s) and {attemptsAfter - attemptsBefore} attempt(s) during {(Outage - pausedAfter).TotalSeconds:F0} s of pause; drain after healing {drain.TotalSeconds:F1} s (of it {afterResume.TotalSeconds:F1} s after the resume), max tries of a record {records.Max(r => r.Attempts)}");

        // The next probe comes at most 20 s after healing (probes 5, 10, 20 s apart within a 30 s outage), then the
        // backlog goes at once instead of waiting out its 10 s / 1 min / 10 min backoff.
        Assert.True(drain < TimeSpan.FromSeconds(50), $"drained in {drain}");
        Assert.True(afterResume < TimeSpan.FromSeconds(25), $"the backlog took {afterResume} after the resume");
        Assert.True(records.Max(r => r.Attempts) <= 4, "no record spent more than its retry budget");
    }
}

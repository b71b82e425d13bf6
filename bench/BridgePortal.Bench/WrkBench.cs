using System.Diagnostics;

namespace BridgePortal.Bench;

/// <summary>
/// The ingest scenario with wrk as the client: the same portal, bridge and recording sink as the in-process run,
/// but the load comes from another process, so the client's own cost is not in the portal's numbers.
/// </summary>
public static class WrkBench
{
    public static async Task<object> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        if (!WrkDriver.Available)
        {
            throw new InvalidOperationException("wrk is not installed: apt-get install wrk");
        }

        var started = Stopwatch.GetTimestamp();
        await using var storage = await BenchStorage.StartAsync(options.Storage);
        var storageSettings = await storage.SettingsAsync();
        await using var sink = await RecordingSink.StartAsync(1);
        await using var portal = BenchPortal.Start(storage.PortalSettings());
        var bridge = await BenchBridge.CreateAsync(portal.Services, sink.BaseAddress, options.SinkParallelism, cancellationToken);
        var url = new Uri(portal.Address, $"/api/ingest/{bridge.Key}");
        BenchProgram.Progress($"portal at {portal.Address} on {storage.Provider}; wrk against {url}");

        if (options.WarmupSeconds > 0)
        {
            await WrkDriver.RunAsync(url, bridge.Token, options.Concurrency, options.WarmupSeconds, options.PayloadBytes, "w-", cancellationToken);
            var warm = (await storage.RecordsByStatusAsync()).Values.Sum();
            await BenchProgram.WaitAsync(() => sink.Other >= warm, TimeSpan.FromSeconds(60), () => $"warm-up delivered {sink.Other}/{warm}", cancellationToken);
        }

        var before = (await storage.RecordsByStatusAsync()).Values.Sum();
        var sinkBefore = sink.Other;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var jitBefore = JitSnapshot.Take();
        var sampler = new ResourceSampler(storage.PostgresConnectionString, storage.PostmasterPid);
        await sampler.StartAsync();
        var loadStarted = Stopwatch.GetTimestamp();
        var (summary, report) = await WrkDriver.RunAsync(url, bridge.Token, options.Concurrency, options.DurationSeconds, options.PayloadBytes, "m-", cancellationToken);
        var loadSeconds = Stopwatch.GetElapsedTime(loadStarted).TotalSeconds;
        var deliveredDuringLoad = sink.Other - sinkBefore;
        var jit = JitSnapshot.Take().Since(jitBefore);
        var resources = await sampler.StopAsync();
        await sampler.DisposeAsync();
        var walBytes = sampler.WalBytes;

        var stored = (await storage.RecordsByStatusAsync()).Values.Sum() - before;
        var drainStarted = Stopwatch.GetTimestamp();
        var drained = await BenchProgram.WaitAsync(() => sink.Other - sinkBefore >= stored, TimeSpan.FromSeconds(options.DrainTimeoutSeconds), () => $"delivered {sink.Other - sinkBefore}/{stored}", cancellationToken);
        var drainSeconds = Stopwatch.GetElapsedTime(drainStarted).TotalSeconds;
        var requests = summary.GetProperty("requests").GetInt64();
        var wrkSeconds = summary.GetProperty("durationUs").GetInt64() / 1e6;
        var intake = stored / wrkSeconds;
        var p99 = summary.GetProperty("p99Ms").GetDouble();
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var goalRate = storage.Provider == "sqlite" ? 3000 : 5000;

        return new
        {
            benchmark = "BridgePortal ingest → Http sink, driven by wrk",
            startedAtUtc = DateTime.UtcNow.AddSeconds(-Stopwatch.GetElapsedTime(started).TotalSeconds).ToString("O"),
            parameters = new { storage = storage.Provider, connections = options.Concurrency, wrkThreads = 2, options.DurationSeconds, options.WarmupSeconds, options.PayloadBytes, sinkParallelism = options.SinkParallelism ?? 1 },
            storage = new { provider = storage.Provider, settings = storageSettings },
            wrk = summary,
            results = new
            {
                requestsCompleted = requests,
                recordsStored = stored,
                intakeReqPerSec = Math.Round(intake, 1),
                ackLatencyMs = new { p50 = summary.GetProperty("p50Ms").GetDouble(), p90 = summary.GetProperty("p90Ms").GetDouble(), p95 = summary.GetProperty("p95Ms").GetDouble(), p99 },
                deliveredDuringLoad,
                deliveredPerSecDuringLoad = Math.Round(deliveredDuringLoad / loadSeconds, 1),
                deliveredDuringLoadShareOfIntake = stored == 0 ? 0 : Math.Round((double)deliveredDuringLoad / stored, 3),
                drainSecondsAfterLoad = Math.Round(drainSeconds, 2),
                allDelivered = drained,
                duplicateOrExtraDeliveries = Math.Max(0, sink.Other - sinkBefore - stored),
                walBytesPerRecord = storage.PostgresConnectionString is null || stored == 0 ? (double?)null : Math.Round((double)walBytes / stored, 1),
            },
            goals = new
            {
                intake = new { target = $"≥ {goalRate} req/s, ack p99 ≤ 50 ms", ratio = Math.Round(intake / goalRate, 2), p99Ratio = Math.Round(50 / Math.Max(p99, 0.001), 2), met = intake >= goalRate && p99 <= 50 },
                deliveredDuringLoad = new { target = "≥ 90 % of intake", ratio = stored == 0 ? 0 : Math.Round((double)deliveredDuringLoad / stored / 0.9, 2) },
            },
            resources,
            jitDuringLoad = jit,
            memory = new
            {
                peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
                allocatedDuringRunMb = Math.Round((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0, 1),
                note = "the portal and the recording sink (wrk is its own process)",
            },
            wrkReport = report,
            totalSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
        };
    }
}

using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using BridgePortal.Data.Model;
using Npgsql;

namespace BridgePortal.Bench;

/// <summary>
/// Starts PostgreSQL, the portal and a recording sink, creates an Ingest → Http bridge, drives the ingest
/// API and prints one JSON object (also written to bench/results/). Progress and the portal's logs go to stderr.
/// </summary>
public static class BenchProgram
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await Console.Out.WriteLineAsync(BenchOptions.Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n\n{BenchOptions.Usage}");
            return 2;
        }

        // stdout carries only the result; the portal logs to the console, so send that to stderr.
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var report = options.Scenario switch
        {
            "kobo" => await KoboBench.RunAsync(options, cancel.Token),
            "github" => await GitHubBench.RunAsync(options, cancel.Token),
            "backlog" => await BacklogBench.RunAsync(options, cancel.Token),
            _ when options.Client == "wrk" => await WrkBench.RunAsync(options, cancel.Token),
            _ => await RunAsync(options, cancel.Token),
        };
        var text = JsonSerializer.Serialize(report, Json);
        var directory = options.OutputDirectory ?? Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{options.Mode}-{options.Storage}.json");
        await File.WriteAllTextAsync(file, text + Environment.NewLine);
        await stdout.WriteLineAsync(text);
        await stdout.FlushAsync();
        Progress($"written to {file}");
        return 0;
    }

    private static async Task<object> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Progress($"starting storage: {options.Storage}");
        await using var storage = await BenchStorage.StartAsync(options.Storage);
        var storageSettings = await storage.SettingsAsync();
        await using var sink = await RecordingSink.StartAsync(options.MaxRequests);
        Progress("starting the portal");
        await using var portal = BenchPortal.Start(storage.PortalSettings());
        var bridge = await BenchBridge.CreateAsync(portal.Services, sink.BaseAddress, options.SinkParallelism, cancellationToken);
        Progress($"portal at {portal.Address}, bridge {bridge.Key}, sink at {sink.BaseAddress}");
        using var driver = LoadDriver.Ingest(portal.Address, bridge, options.Concurrency, options.PayloadBytes);

        object? warmup = null;
        if (options.WarmupSeconds > 0)
        {
            Progress($"warm-up {options.WarmupSeconds} s");
            var w = await driver.RunAsync("w-", TimeSpan.FromSeconds(options.WarmupSeconds), options.Rate, 100_000, cancellationToken);
            var accepted = w.Accepted.Count(a => a);
            var drained = await WaitAsync(() => sink.Other >= accepted, TimeSpan.FromSeconds(20), () => $"warm-up delivered {sink.Other}/{accepted}", cancellationToken);
            warmup = new { requests = w.Issued, accepted, deliveredBeforeMeasuring = sink.Other, drained };
        }

        var gcBefore = GcCounts();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var pauseBefore = GC.GetTotalPauseDuration();
        var jitBefore = JitSnapshot.Take();

        Progress(options.Rate > 0
            ? $"measuring: {options.Rate} req/s for {options.DurationSeconds} s (at most {options.Concurrency} in flight)"
            : $"measuring: {options.Concurrency} concurrent for {options.DurationSeconds} s");
        using var meters = new MeterCollector(portal.Address, sink.BaseAddress, storage.PostgresConnectionString is { } pg ? new NpgsqlConnectionStringBuilder(pg).Port : 0);
        var loadSampler = new ResourceSampler(storage.PostgresConnectionString, storage.PostmasterPid, meters);
        await loadSampler.StartAsync();
        meters.Recording = true;
        var load = await driver.RunAsync(RecordingSink.MeasuredPrefix, TimeSpan.FromSeconds(options.DurationSeconds), options.Rate, options.MaxRequests, cancellationToken);
        meters.Recording = false;
        var jitDuringLoad = JitSnapshot.Take().Since(jitBefore);
        var duringLoad = await loadSampler.StopAsync();
        var metersDuringLoad = meters.Summary();
        await loadSampler.DisposeAsync();

        var acceptedCount = Enumerable.Range(0, load.Issued).Count(i => load.Accepted[i]);
        Progress($"load done: {load.Issued} sent, {acceptedCount} accepted; waiting for the sink");
        var drainSampler = new ResourceSampler(storage.PostgresConnectionString, storage.PostmasterPid);
        await drainSampler.StartAsync();
        var allDelivered = await WaitAsync(
            () => sink.Measured >= acceptedCount, TimeSpan.FromSeconds(options.DrainTimeoutSeconds), () => $"delivered {sink.Measured}/{acceptedCount}", cancellationToken);
        var duringDrain = await drainSampler.StopAsync();
        await drainSampler.DisposeAsync();

        var report = Analyse(options, load, sink, allDelivered);
        var records = await storage.RecordsByStatusAsync();
        var gcAfter = GcCounts();
        var gcInfo = GC.GetGCMemoryInfo();
        var self = Process.GetCurrentProcess();
        self.Refresh();

        return new
        {
            benchmark = "BridgePortal ingest → Http sink",
            startedAtUtc = DateTime.UtcNow.AddSeconds(-Stopwatch.GetElapsedTime(started).TotalSeconds).ToString("O"),
            parameters = new
            {
                mode = options.Mode,
                storage = options.Storage,
                concurrency = options.Concurrency,
                rate = options.Rate > 0 ? options.Rate : (double?)null,
                durationSeconds = options.DurationSeconds,
                maxRequests = options.MaxRequests,
                warmupSeconds = options.WarmupSeconds,
                drainTimeoutSeconds = options.DrainTimeoutSeconds,
                payloadBytes = options.PayloadBytes,
                recordsPerRequest = 1,
                sinkMode = "PerRecord (the Http sink's default)",
                sinkParallelism = options.SinkParallelism ?? 1,
                note = options.Rate > 0 ? "at most `concurrency` in flight; requests due but not sent within the window are counted, not sent late" : null,
            },
            machine = new
            {
                cores = Environment.ProcessorCount,
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
                serverGc = GCSettings.IsServerGC,
                note = "client, portal, sink and PostgreSQL share these cores",
            },
            storage = new { provider = storage.Provider, settings = storageSettings },
            walBytesPerAcceptedRecord = storage.PostgresConnectionString is null || acceptedCount == 0 ? (double?)null : Math.Round((double)loadSampler.WalBytes / acceptedCount, 1),
            warmup,
            results = report.Results,
            goals = report.Goals,
            recordsByStatusAtEnd = records,
            resources = new { load = duringLoad, drain = duringDrain, metersDuringLoad },
            jitDuringLoad,
            memory = new
            {
                peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
                workingSetMb = Math.Round(self.WorkingSet64 / 1048576.0, 1),
                gcHeapMb = Math.Round(gcInfo.HeapSizeBytes / 1048576.0, 1),
                gcCommittedMb = Math.Round(gcInfo.TotalCommittedBytes / 1048576.0, 1),
                allocatedDuringRunMb = Math.Round((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0, 1),
                gcCollectionsDuringRun = new { gen0 = gcAfter[0] - gcBefore[0], gen1 = gcAfter[1] - gcBefore[1], gen2 = gcAfter[2] - gcBefore[2] },
                gcPauseMsDuringRun = Math.Round((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds, 1),
                note = "one process: bench client + portal + sink",
            },
            totalSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
        };
    }

    private static (object Results, object Goals) Analyse(BenchOptions options, LoadResult load, RecordingSink sink, bool allDelivered)
    {
        var loadSeconds = Latency.Ms(load.StartedAt, load.StoppedAt) / 1000;
        var ack = new List<double>();
        var ackFromSchedule = new List<double>();
        var endToEnd = new List<double>();
        var accepted = 0;
        var deliveredDuringLoad = 0;
        long lastReceived = 0;
        for (var i = 0; i < load.Issued; i++)
        {
            if (!load.Accepted[i])
            {
                continue;
            }

            accepted++;
            ack.Add(Latency.Ms(load.Sent[i], load.Acked[i]));
            ackFromSchedule.Add(Latency.Ms(load.Scheduled[i], load.Acked[i]));
            var received = sink.ReceivedAt(i);
            if (received != 0)
            {
                endToEnd.Add(Latency.Ms(load.Sent[i], received));
                lastReceived = Math.Max(lastReceived, received);
                deliveredDuringLoad += received <= load.StoppedAt ? 1 : 0;
            }
        }

        var intakePerSec = accepted / loadSeconds;
        var deliverySeconds = lastReceived == 0 ? 0 : Latency.Ms(load.StartedAt, lastReceived) / 1000;
        var ackSummary = Latency.Summarize(ack);
        var e2eSummary = Latency.Summarize(endToEnd);
        var ackP99 = ack.Count > 0 ? Percentile(ack, 99) : double.NaN;
        var e2eP95 = endToEnd.Count > 0 ? Percentile(endToEnd, 95) : double.NaN;
        var nonSuccess = load.Issued - accepted;

        var results = new
        {
            requestsSent = load.Issued,
            accepted,
            non2xx = nonSuccess,
            notSentBehindSchedule = options.Rate > 0 ? load.NotSentBehindSchedule : (int?)null,
            failures = load.Failures,
            loadSeconds = Math.Round(loadSeconds, 2),
            intakeReqPerSec = Math.Round(intakePerSec, 1),
            ackLatencyMs = ackSummary,
            ackLatencyFromScheduleMs = options.Rate > 0 ? Latency.Summarize(ackFromSchedule) : null,
            delivered = endToEnd.Count,
            undelivered = accepted - endToEnd.Count,
            allDeliveredWithinDrainTimeout = allDelivered,
            duplicateDeliveries = sink.Duplicates,
            deliveredPerSecDuringLoad = Math.Round(deliveredDuringLoad / loadSeconds, 1),
            deliveredPerSecOverall = deliverySeconds > 0 ? Math.Round(endToEnd.Count / deliverySeconds, 1) : 0,
            drainSecondsAfterLoad = lastReceived > load.StoppedAt ? Math.Round(Latency.Ms(load.StoppedAt, lastReceived) / 1000, 2) : 0,
            endToEndLatencyMs = e2eSummary,
            endToEndNote = "sink receive time − client send time, matched by natural id; undelivered records are not in the percentiles",
        };
        var goals = new
        {
            intake = new
            {
                target = "intake >= 5000 req/s with ack p99 <= 50 ms (closed loop)",
                applies = options.Rate <= 0,
                intakeReqPerSec = Math.Round(intakePerSec, 1),
                ackP99Ms = Math.Round(ackP99, 2),
                met = intakePerSec >= 5000 && ackP99 <= 50 && nonSuccess == 0,
            },
            delivery = new
            {
                target = "end-to-end delivered p95 <= 100 ms at 1000 req/s",
                applies = options.Rate >= 1000,
                deliveredP95Ms = Math.Round(e2eP95, 2),
                met = options.Rate >= 1000 && allDelivered && e2eP95 <= 100 && intakePerSec >= options.Rate * 0.95 && load.NotSentBehindSchedule == 0,
            },
        };
        return (results, goals);
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static async Task<Dictionary<string, long>> RecordsByStatusAsync(string connectionString)
    {
        var result = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Status", count(*) FROM "Records" GROUP BY 1 ORDER BY 1""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[((RecordStatus)reader.GetInt32(0)).ToString()] = reader.GetInt64(1);
        }

        return result;
    }

    internal static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (!condition())
        {
            if (watch.Elapsed > timeout || cancellationToken.IsCancellationRequested)
            {
                Progress($"gave up waiting after {watch.Elapsed.TotalSeconds:0} s: {progress()}");
                return false;
            }

            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(2))
            {
                lastReport = watch.Elapsed;
                Progress(progress());
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return true;
    }

    internal static int[] GcCounts() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BridgePortal.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    public static void Progress(string message) => Console.Error.WriteLine($"[bench {DateTime.UtcNow:HH:mm:ss}] {message}");
}

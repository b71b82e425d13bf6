using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using BridgePortal.Connectors;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using Npgsql;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Bench;

/// <summary>
/// Signed GitHub push webhooks → <c>POST /hooks/{key}</c> → Intake → Dispatcher → PostgreSQL document sink, on
/// PostgreSQL: the portal's database and the sink's are two databases of one throwaway server. Reports webhooks/s
/// accepted, ack latency, documents/s upserted end-to-end (until every commit row is in the table), end-to-end
/// latency (the row's <c>stored_at</c> − the request's build time, per webhook its last commit), memory, and the
/// lost check: commit rows == 5 × accepted webhooks, none stored twice.
/// </summary>
public static class GitHubBench
{
    private const string Secret = "bench webhook secret";
    private const string Table = "doc_commit";

    public static async Task<object> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        BenchProgram.Progress("starting PostgreSQL");
        await using var postgres = await ThrowawayPostgres.StartAsync();
        var pgSettings = await postgres.SettingsAsync();
        var sinkDatabase = await postgres.CreateDatabaseAsync();
        BenchProgram.Progress("starting the portal");
        var extra = new Dictionary<string, string>();
        if (options.EngineBatch is { } batch)
        {
            extra["Engine:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture);
        }

        await using var portal = BenchPortal.Start(postgres.ConnectionString, extra);
        var (bridgeId, bridgeKey) = await CreateBridgeAsync(portal.Services, sinkDatabase, cancellationToken);
        var pushes = new GitHubPushes(bridgeKey, Secret, options.MaxRequests);
        using var driver = new LoadDriver(portal.Address, options.Concurrency, pushes.Build);
        BenchProgram.Progress($"portal at {portal.Address}, bridge {bridgeKey} → {Table} in {new NpgsqlConnectionStringBuilder(sinkDatabase).Database}");

        object? warmup = null;
        if (options.WarmupSeconds > 0)
        {
            BenchProgram.Progress($"warm-up {options.WarmupSeconds} s");
            var w = await driver.RunAsync("w-", TimeSpan.FromSeconds(options.WarmupSeconds), options.Rate, 100_000, cancellationToken);
            var expected = w.Accepted.Count(a => a) * GitHubPushes.CommitsPerPush;
            var prefix = pushes.PhasePrefix(measured: false);
            var drained = await BenchProgram.WaitAsync(
                () => CountRows(sinkDatabase, prefix) >= expected, TimeSpan.FromSeconds(60), () => $"warm-up rows {CountRows(sinkDatabase, prefix)}/{expected}", cancellationToken);
            warmup = new { webhooks = w.Issued, accepted = expected / GitHubPushes.CommitsPerPush, rows = CountRows(sinkDatabase, prefix), drained };
        }

        var gcBefore = BenchProgram.GcCounts();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var pauseBefore = GC.GetTotalPauseDuration();
        var measuredPrefix = pushes.PhasePrefix(measured: true);

        BenchProgram.Progress(options.Rate > 0
            ? $"measuring: {options.Rate} webhooks/s for {options.DurationSeconds} s (at most {options.Concurrency} in flight)"
            : $"measuring: {options.Concurrency} concurrent for {options.DurationSeconds} s");
        using var meters = new MeterCollector(portal.Address, new Uri("http://127.0.0.1:1"), new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Port);
        var loadSampler = new ResourceSampler(postgres.ConnectionString, postgres.PostmasterPid, meters);
        await loadSampler.StartAsync();
        using var rows = new RowPoller(sinkDatabase, measuredPrefix);
        var loadStartUtc = DateTime.UtcNow;
        meters.Recording = true;
        var load = await driver.RunAsync(RecordingSink.MeasuredPrefix, TimeSpan.FromSeconds(options.DurationSeconds), options.Rate, options.MaxRequests, cancellationToken);
        meters.Recording = false;
        var loadEndUtc = DateTime.UtcNow;
        var duringLoad = await loadSampler.StopAsync();
        var metersDuringLoad = meters.Summary();
        await loadSampler.DisposeAsync();

        var accepted = Enumerable.Range(0, load.Issued).Count(i => load.Accepted[i]);
        var expectedRows = accepted * GitHubPushes.CommitsPerPush;
        BenchProgram.Progress($"load done: {load.Issued} webhooks sent, {accepted} accepted; waiting for {expectedRows} commit rows");
        var drainSampler = new ResourceSampler(postgres.ConnectionString, postgres.PostmasterPid);
        await drainSampler.StartAsync();
        var allStored = await BenchProgram.WaitAsync(
            () => rows.Latest >= expectedRows, TimeSpan.FromSeconds(options.DrainTimeoutSeconds), () => $"rows {rows.Latest}/{expectedRows}", cancellationToken);
        var allStoredAt = Stopwatch.GetTimestamp();
        var duringDrain = await drainSampler.StopAsync();
        await drainSampler.DisposeAsync();
        await rows.StopAsync();

        var stored = await ReadRowsAsync(sinkDatabase, measuredPrefix, cancellationToken);
        var records = await BenchProgram.RecordsByStatusAsync(postgres.ConnectionString);
        var attempts = await AttemptsAsync(postgres.ConnectionString, bridgeId, cancellationToken);
        var analysis = Analyse(options, load, pushes, stored, expectedRows, loadStartUtc, loadEndUtc, allStored, Latency.Ms(load.StoppedAt, allStoredAt) / 1000);
        using var sample = pushes.Build("sample-", 0);
        var gcAfter = BenchProgram.GcCounts();
        var gcInfo = GC.GetGCMemoryInfo();
        var self = Process.GetCurrentProcess();
        self.Refresh();

        return new
        {
            benchmark = "BridgePortal signed GitHub push webhooks → PostgreSQL document sink",
            startedAtUtc = DateTime.UtcNow.AddSeconds(-Stopwatch.GetElapsedTime(started).TotalSeconds).ToString("O"),
            parameters = new
            {
                mode = options.Mode,
                concurrency = options.Concurrency,
                rate = options.Rate > 0 ? options.Rate : (double?)null,
                durationSeconds = options.DurationSeconds,
                maxRequests = options.MaxRequests,
                warmupSeconds = options.WarmupSeconds,
                drainTimeoutSeconds = options.DrainTimeoutSeconds,
                commitsPerWebhook = GitHubPushes.CommitsPerPush,
                engineBatchSize = options.EngineBatch?.ToString(CultureInfo.InvariantCulture) ?? "the app's default",
                webhookBodyBytes = sample.Content!.Headers.ContentLength,
                sink = $"{PostgreSqlDocumentSink.SinkKind} → {Table} (a second database on the same server)",
            },
            machine = new
            {
                cores = Environment.ProcessorCount,
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
                serverGc = GCSettings.IsServerGC,
                note = "client, portal and PostgreSQL share these cores (and other engineers' builds and tests ran meanwhile: numbers are noisy)",
            },
            postgres = new { external = !postgres.Owned, settings = pgSettings },
            warmup,
            results = analysis.Results,
            goal = analysis.Goal,
            rowsVisibleOverTime = rows.Timeline(load.StartedAt),
            recordsByStatusAtEnd = records,
            attempts,
            resources = new { load = duringLoad, drain = duringDrain, metersDuringLoad },
            memory = new
            {
                peakWorkingSetMb = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
                workingSetMb = Math.Round(self.WorkingSet64 / 1048576.0, 1),
                gcHeapMb = Math.Round(gcInfo.HeapSizeBytes / 1048576.0, 1),
                gcCommittedMb = Math.Round(gcInfo.TotalCommittedBytes / 1048576.0, 1),
                allocatedDuringRunMb = Math.Round((GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0, 1),
                gcCollectionsDuringRun = new { gen0 = gcAfter[0] - gcBefore[0], gen1 = gcAfter[1] - gcBefore[1], gen2 = gcAfter[2] - gcBefore[2] },
                gcPauseMsDuringRun = Math.Round((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds, 1),
                note = "one process: bench client + portal",
            },
            totalSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
        };
    }

    private static (object Results, object Goal) Analyse(
        BenchOptions options, LoadResult load, GitHubPushes pushes, List<(string Sha, DateTime StoredAt, int Revision)> stored, int expectedRows,
        DateTime loadStartUtc, DateTime loadEndUtc, bool allStored, double drainSeconds)
    {
        var loadSeconds = Latency.Ms(load.StartedAt, load.StoppedAt) / 1000;
        var ack = new List<double>();
        var accepted = 0;
        for (var i = 0; i < load.Issued; i++)
        {
            if (load.Accepted[i])
            {
                accepted++;
                ack.Add(Latency.Ms(load.Sent[i], load.Acked[i]));
            }
        }

        // Per accepted webhook: its commit rows and the last one's stored_at.
        var rowsPerWebhook = new int[load.Issued];
        var lastStored = new long[load.Issued];
        var unexpected = 0;
        var revised = 0;
        var storedDuringLoad = 0;
        var lastStoredAt = DateTime.MinValue;
        foreach (var (sha, storedAt, revision) in stored)
        {
            var index = GitHubPushes.IndexOf(sha);
            revised += revision > 1 ? 1 : 0;
            storedDuringLoad += storedAt <= loadEndUtc ? 1 : 0;
            lastStoredAt = storedAt > lastStoredAt ? storedAt : lastStoredAt;
            if (index >= load.Issued || !load.Accepted[index])
            {
                unexpected++;
                continue;
            }

            rowsPerWebhook[index]++;
            lastStored[index] = Math.Max(lastStored[index], storedAt.Ticks);
        }

        var endToEnd = new List<double>();
        var missing = 0;
        for (var i = 0; i < load.Issued; i++)
        {
            if (!load.Accepted[i])
            {
                continue;
            }

            missing += GitHubPushes.CommitsPerPush - rowsPerWebhook[i];
            if (rowsPerWebhook[i] == GitHubPushes.CommitsPerPush)
            {
                endToEnd.Add((lastStored[i] - pushes.BuiltAtUtcTicks[i]) / (double)TimeSpan.TicksPerMillisecond);
            }
        }

        var webhooksPerSec = accepted / loadSeconds;
        var storeSeconds = lastStoredAt > loadStartUtc ? (lastStoredAt - loadStartUtc).TotalSeconds : double.NaN;
        var documentsPerSec = stored.Count / storeSeconds;
        var nonSuccess = load.Issued - accepted;
        var results = new
        {
            webhooksSent = load.Issued,
            webhooksAccepted = accepted,
            non2xx = nonSuccess,
            failures = load.Failures,
            notSentBehindSchedule = options.Rate > 0 ? load.NotSentBehindSchedule : (int?)null,
            loadSeconds = Math.Round(loadSeconds, 2),
            webhooksAcceptedPerSec = Math.Round(webhooksPerSec, 1),
            ackLatencyMs = Latency.Summarize(ack),
            expectedCommitRows = expectedRows,
            commitRows = stored.Count,
            lostCommitRows = missing,
            unexpectedRows = unexpected,
            rowsUpsertedMoreThanOnce = revised,
            allRowsStoredWithinDrainTimeout = allStored,
            documentsPerSecEndToEnd = Math.Round(documentsPerSec, 1),
            documentsPerSecDuringLoad = Math.Round(storedDuringLoad / loadSeconds, 1),
            documentsStoredByEndOfLoad = storedDuringLoad,
            drainSecondsAfterLoad = Math.Round(drainSeconds, 2),
            endToEndLatencyMs = Latency.Summarize(endToEnd),
            notes = new[]
            {
                "documentsPerSecEndToEnd = commit rows / (last row's stored_at − load start)",
                "end-to-end = the webhook's last commit row's stored_at (the sink's clock, set just before its upsert) − when the client built the request",
                "lost = 5 × accepted − rows of accepted webhooks; rowsUpsertedMoreThanOnce counts rows whose revision > 1 (a document stored twice with different content)",
            },
        };
        var goal = new
        {
            target = "2,000 webhooks/s sustained for 60 s with nothing lost",
            webhooksAcceptedPerSec = Math.Round(webhooksPerSec, 1),
            documentsPerSecDuringLoad = Math.Round(storedDuringLoad / loadSeconds, 1),
            lostCommitRows = missing,
            durationSeconds = options.DurationSeconds,
            met = webhooksPerSec >= 2000 && options.DurationSeconds >= 60 && nonSuccess == 0 && missing == 0 && unexpected == 0 && revised == 0 && allStored,
        };
        return (results, goal);
    }

    private static async Task<(Guid Id, string Key)> CreateBridgeAsync(IServiceProvider services, string sinkDatabase, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var actor = await BenchBridge.AdminAsync(provider);
        var (connectionId, connectionErrors) = await provider.GetRequiredService<ConnectionService>().SaveAsync(actor, null, new ConnectionDraft(
            PostgreSqlConnectionKind.Kind, "bench-metrics", [], new() { [PostgreSqlConnectionKind.ConnectionString] = sinkDatabase }), cancellationToken);
        BenchBridge.Check(connectionId is not null, "PostgreSQL connection", connectionErrors.Select(e => $"{e.Key}: {e.Value}"));

        var bridges = provider.GetRequiredService<BridgeService>();
        var (bridge, _, errors) = await bridges.CreateAsync(actor, new BridgeDraft(
            "bench-github", GitHubWebhookReceiver.SourceKindName, null, [], PostgreSqlDocumentSink.SinkKind, connectionId,
            new() { [DocumentSinkSettings.CreateTables] = "true" }, null, 3, new() { [WebhookRequests.SecretSetting] = Secret }), cancellationToken);
        BenchBridge.Check(bridge is not null, "bridge", errors.Select(e => $"{e.Key}: {e.Value}"));
        await bridges.SetStateAsync(actor, bridge!.Id, BridgeState.Running, cancellationToken);
        return (bridge.Id, bridge.Key);
    }

    private static long CountRows(string database, string prefix)
    {
        using var connection = new NpgsqlConnection(database);
        connection.Open();
        using (var exists = new NpgsqlCommand($"SELECT to_regclass('{Table}') IS NOT NULL", connection))
        {
            if (!(bool)exists.ExecuteScalar()!)
            {
                return 0; // the sink creates its table on first use
            }
        }

        using var command = new NpgsqlCommand($"SELECT count(*) FROM {Table} WHERE natural_id LIKE @p", connection);
        command.Parameters.AddWithValue("p", prefix + "%");
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<List<(string, DateTime, int)>> ReadRowsAsync(string database, string prefix, CancellationToken cancellationToken)
    {
        var rows = new List<(string, DateTime, int)>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT natural_id, stored_at, revision FROM {Table} WHERE natural_id LIKE @p", connection);
        command.Parameters.AddWithValue("p", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetDateTime(1), reader.GetInt32(2)));
        }

        return rows;
    }

    private static async Task<object> AttemptsAsync(string portalDatabase, Guid bridgeId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(portalDatabase);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM "Attempts" WHERE "BridgeId" = @b),
                   (SELECT count(DISTINCT "RecordId") FROM "Attempts" WHERE "BridgeId" = @b),
                   (SELECT count(*) FROM "Attempts" WHERE "BridgeId" = @b AND "Outcome" <> 0),
                   count(*), coalesce(avg(c.n), 0)::float8, coalesce(avg(c.d), 0)::float8, coalesce(max(c.d), 0)::float8
            FROM (SELECT "StartedAt", count(*) AS n, max("DurationMs") AS d FROM "Attempts" WHERE "BridgeId" = @b GROUP BY 1) c
            """, connection);
        command.Parameters.AddWithValue("b", bridgeId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new
        {
            total = reader.GetInt64(0),
            records = reader.GetInt64(1),
            notDelivered = reader.GetInt64(2),
            sinkCalls = reader.GetInt64(3),
            recordsPerSinkCall = Math.Round(reader.GetDouble(4), 1),
            sinkCallMsAvg = Math.Round(reader.GetDouble(5), 1),
            sinkCallMsMax = reader.GetDouble(6),
            note = "warm-up included; total > records means some record was delivered more than once; a sink call = one DeliverAsync (its attempts share StartedAt)",
        };
    }

    /// <summary>Counts the measured phase's rows every 250 ms on its own connection: how fast documents became visible.</summary>
    private sealed class RowPoller : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<(long At, long Count)> samples = [];
        private readonly Task loop;
        private long latest;

        public RowPoller(string database, string prefix) => loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var count = CountRows(database, prefix);
                    Interlocked.Exchange(ref latest, count);
                    lock (samples)
                    {
                        samples.Add((Stopwatch.GetTimestamp(), count));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        public long Latest => Interlocked.Read(ref latest);

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await loop;
        }

        /// <summary>Rows visible per whole second since <paramref name="start"/> (the last sample of each second).</summary>
        public Dictionary<string, long> Timeline(long start)
        {
            lock (samples)
            {
                return samples.GroupBy(s => (int)(Latency.Ms(start, s.At) / 1000)).Where(g => g.Key >= 0)
                    .ToDictionary(g => $"{g.Key + 1}s", g => g.Last().Count);
            }
        }

        public void Dispose() => stop.Dispose();
    }
}

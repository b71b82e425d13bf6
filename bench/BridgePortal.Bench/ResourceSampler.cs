using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace BridgePortal.Bench;

/// <summary>
/// Evidence of where the time goes while load runs: every 250 ms, the portal database's sessions from
/// <c>pg_stat_activity</c> by state and wait event, and the .NET thread pool's backlog; around the run,
/// CPU seconds of this process (client, portal and sink together), of the PostgreSQL server's processes,
/// and of the whole machine, plus commits from <c>pg_stat_database</c>.
/// </summary>
public sealed class ResourceSampler(string? connectionString, int? postmasterPid, MeterCollector? meters = null) : IAsyncDisposable
{
    // Its own pool (a distinct connection string), so the sampler never takes one of the portal's connections.
    // No connection string: the SQLite mode, where only CPU, load and the thread pool are sampled.
    private readonly string? samplerConnectionString = connectionString is null
        ? null
        : new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-sampler" }.ConnectionString;

    private readonly Dictionary<string, long> sessions = [];
    private readonly CancellationTokenSource stop = new();
    private long samples;
    private long threadPoolQueue;
    private long threadPoolQueueMax;
    private long threadPoolThreadsMax;
    private Task? loop;
    private CpuSnapshot start;
    private long startCommits;
    private decimal startWal;
    private long startTimestamp;
    private string? startLoadAverage;

    /// <summary>PostgreSQL: bytes of WAL written between start and stop (every process on the server).</summary>
    public long WalBytes { get; private set; }

    public async Task StartAsync()
    {
        startCommits = await CommitsAsync();
        startWal = await WalAsync();
        start = CpuSnapshot.Take(postmasterPid);
        startTimestamp = Stopwatch.GetTimestamp();
        startLoadAverage = LoadAverage();
        loop = Task.Run(() => SampleAsync(stop.Token));
    }

    public async Task<object> StopAsync()
    {
        var end = CpuSnapshot.Take(postmasterPid);
        var wall = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        await stop.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        var commits = await CommitsAsync() - startCommits;
        WalBytes = (long)(await WalAsync() - startWal);
        var n = Math.Max(1, samples);
        return new
        {
            wallSeconds = Math.Round(wall, 2),
            cpuSeconds = new
            {
                benchProcess = Math.Round(end.Process - start.Process, 2),
                postgres = postmasterPid is null ? (double?)null : Math.Round(end.Postgres - start.Postgres, 2),
                machineBusy = Math.Round(end.MachineBusy - start.MachineBusy, 2),
                machineIdle = Math.Round(end.MachineIdle - start.MachineIdle, 2),
                machineIoWait = Math.Round(end.MachineIoWait - start.MachineIoWait, 2),
                otherProcesses = postmasterPid is null
                    ? (double?)null
                    : Math.Round(end.MachineBusy - start.MachineBusy - (end.Process - start.Process) - (end.Postgres - start.Postgres), 2),
            },
            loadAverage = new { atStart = startLoadAverage, atEnd = LoadAverage() },
            postgresCommitsPerSec = samplerConnectionString is null ? (double?)null : Math.Round(commits / wall, 1),
            postgresWalBytes = samplerConnectionString is null ? (long?)null : WalBytes,
            pgSessionsAvg = sessions.OrderByDescending(kv => kv.Value)
                .ToDictionary(kv => kv.Key, kv => Math.Round((double)kv.Value / n, 2)),
            threadPool = new { queueAvg = Math.Round((double)threadPoolQueue / n, 1), queueMax = threadPoolQueueMax, threadsMax = threadPoolThreadsMax },
            samples,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        stop.Dispose();
    }

    private static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        if (samplerConnectionString is null)
        {
            await SampleProcessAsync(cancellationToken);
            return;
        }

        await using var connection = new NpgsqlConnection(samplerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(state, '?') || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)
            FROM pg_stat_activity
            WHERE datname = current_database() AND application_name <> 'bench-sampler'
            GROUP BY 1
            """, connection);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var key = reader.GetString(0);
                        sessions[key] = sessions.GetValueOrDefault(key) + reader.GetInt64(1);
                    }
                }

                SampleThreadPool();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SampleThreadPool()
    {
        meters?.Poll();
        var queue = ThreadPool.PendingWorkItemCount;
        threadPoolQueue += queue;
        threadPoolQueueMax = Math.Max(threadPoolQueueMax, queue);
        threadPoolThreadsMax = Math.Max(threadPoolThreadsMax, ThreadPool.ThreadCount);
        samples++;
    }

    private async Task SampleProcessAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                SampleThreadPool();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<decimal> WalAsync()
    {
        if (samplerConnectionString is null)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(samplerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", connection);
        return (decimal)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> CommitsAsync()
    {
        if (samplerConnectionString is null)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(samplerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>CPU seconds from <c>/proc</c> (Linux); zeros elsewhere.</summary>
    private readonly record struct CpuSnapshot(double Process, double Postgres, double MachineBusy, double MachineIdle, double MachineIoWait)
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux

        public static CpuSnapshot Take(int? postmasterPid)
        {
            var process = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            if (!File.Exists("/proc/stat"))
            {
                return new CpuSnapshot(process, 0, 0, 0, 0);
            }

            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var idle = cpu[3] / TicksPerSecond;
            var ioWait = cpu[4] / TicksPerSecond;
            var busy = (cpu.Take(8).Sum() / TicksPerSecond) - idle - ioWait;
            return new CpuSnapshot(process, postmasterPid is { } pid ? PostgresSeconds(pid) : 0, busy, idle, ioWait);
        }

        // The postmaster and its children (backends, WAL writer, checkpointer…): utime + stime.
        private static double PostgresSeconds(int postmaster)
        {
            double total = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                    if (pid == postmaster || parent == postmaster)
                    {
                        total += (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // The process ended meanwhile.
                }
            }

            return total;
        }
    }
}

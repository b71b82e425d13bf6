using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BridgePortal.Bench;

/// <summary>
/// A fresh database for one run: on <c>BRIDGEPORTAL_BENCH_PG</c> when set, otherwise on a server of its own
/// (Debian's <c>initdb</c> + <c>pg_ctl</c>, as user <c>postgres</c> when running as root) with default
/// durability (fsync, synchronous_commit and full_page_writes left on). Only max_connections is raised,
/// so the app's pool (100), Hangfire and the bench's sampler all fit.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string? bin;
    private readonly string? root;
    private readonly bool asPostgres;
    private readonly string adminConnectionString;
    private readonly List<string> extraDatabases = [];

    private ThrowawayPostgres(string adminConnectionString, string databaseConnectionString, string? bin, string? root, bool asPostgres)
    {
        this.adminConnectionString = adminConnectionString;
        ConnectionString = databaseConnectionString;
        this.bin = bin;
        this.root = root;
        this.asPostgres = asPostgres;
    }

    /// <summary>The benchmark database (what the portal gets).</summary>
    public string ConnectionString { get; }

    /// <summary>True when this run started the server (so its processes' CPU can be read).</summary>
    public bool Owned => root is not null;

    /// <summary>The postmaster's pid, when this run started the server.</summary>
    public int? PostmasterPid =>
        root is not null && File.Exists(Path.Combine(root, "data", "postmaster.pid"))
            ? int.Parse(File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).First())
            : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("BRIDGEPORTAL_BENCH_PG");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new ThrowawayPostgres(external, await CreateDatabaseAsync(external), null, null, false);
        }

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "No initdb/pg_ctl found: install Debian's 'postgresql' package or set BRIDGEPORTAL_BENCH_PG.");
        var root = Path.Combine(Path.GetTempPath(), $"bridgeportal-bench-pg-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", $"-R postgres \"{root}\"", false);
        }

        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), $"-D \"{data}\" -U postgres --auth=trust -E UTF8 --no-sync", asPostgres);
        var serverOptions = $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c max_connections=200";
        await RunAsync(Path.Combine(bin, "pg_ctl"), $"-D \"{data}\" -l \"{Path.Combine(root, "server.log")}\" -w -t 60 -o \"{serverOptions}\" start", asPostgres);
        var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        return new ThrowawayPostgres(admin, await CreateDatabaseAsync(admin), bin, root, asPostgres);
    }

    /// <summary>Another fresh database on the same server (e.g. a sink's), dropped with the server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var connectionString = await CreateDatabaseAsync(adminConnectionString);
        extraDatabases.Add(new NpgsqlConnectionStringBuilder(connectionString).Database!);
        return connectionString;
    }

    /// <summary>Settings that decide what a commit costs, for the report.</summary>
    public async Task<Dictionary<string, string>> SettingsAsync()
    {
        var names = new[] { "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections", "commit_delay" };
        var result = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            result[name] = (string)(await command.ExecuteScalarAsync())!;
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (root is null)
        {
            try
            {
                await using var connection = new NpgsqlConnection(adminConnectionString);
                await connection.OpenAsync();
                foreach (var database in extraDatabases.Prepend(new NpgsqlConnectionStringBuilder(ConnectionString).Database!))
                {
                    await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
                    await command.ExecuteNonQueryAsync();
                }
            }
            catch (NpgsqlException)
            {
                // Best effort on a server that is not ours.
            }

            return;
        }

        try
        {
            await RunAsync(Path.Combine(bin!, "pg_ctl"), $"-D \"{Path.Combine(root, "data")}\" -m fast -w stop", asPostgres);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> CreateDatabaseAsync(string admin)
    {
        var name = $"bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static string? FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return candidates.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- \"{file}\" {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}

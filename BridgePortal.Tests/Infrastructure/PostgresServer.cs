using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run: <c>BRIDGEPORTAL_TEST_PG</c> when set (an admin
/// connection string), otherwise Debian's binaries started with <c>initdb</c> + <c>pg_ctl</c> in a temp dir
/// on a free loopback port (as the <c>postgres</c> user when the tests run as root). Each test gets a
/// fresh database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    private const string OwnerFile = "owner.pid";
    private static readonly Lazy<Task<PostgresServer?>> Shared = new(StartAsync);
    private static string? unavailableReason;

    private readonly string adminConnectionString;

    private PostgresServer(string adminConnectionString) => this.adminConnectionString = adminConnectionString;

    /// <summary>True on CI (<c>CI=true</c>): a missing PostgreSQL is then a failure, never a skip.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared server; skips the calling test (outside CI) when PostgreSQL is not installed.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        var server = await Shared.Value;
        if (server is null)
        {
            if (Required)
            {
                throw new InvalidOperationException("CI=true but no PostgreSQL is available: " + unavailableReason);
            }

            Skip.If(true, "PostgreSQL tests skipped: " + unavailableReason);
        }

        return server!;
    }

    public async Task<string> CreateDatabaseAsync(string prefix = "bp")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name,
            MaxPoolSize = 40,
            // Hundreds of hosts share one server: an idle pool of a finished test must not hold its
            // connections for Npgsql's default five minutes (that once exhausted max_connections in CI).
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
    }

    private static async Task<PostgresServer?> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("BRIDGEPORTAL_TEST_PG");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external);
        }

        var bin = FindBinaries();
        if (bin is null)
        {
            unavailableReason = "no initdb/pg_ctl found (install Debian's 'postgresql' package or set BRIDGEPORTAL_TEST_PG)";
            return null;
        }

        StopOrphans();
        var root = Path.Combine(Path.GetTempPath(), $"bridgeportal-pg-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString());
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", $"-R postgres \"{root}\"", asPostgres: false);
        }

        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), $"-D \"{data}\" -U postgres --auth=trust -E UTF8 --no-sync", asRoot);
        var serverOptions = $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
        await RunAsync(Path.Combine(bin, "pg_ctl"), $"-D \"{data}\" -l \"{Path.Combine(root, "server.log")}\" -w -t 60 -o \"{serverOptions}\" start", asRoot);

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(bin, root, asRoot);
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true");
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

    // A test run that was killed leaves its server behind; stop those whose owning process is gone.
    private static void StopOrphans()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "bridgeportal-pg-*"))
        {
            try
            {
                var owner = int.Parse(File.ReadAllText(Path.Combine(dir, OwnerFile)));
                if (IsAlive(owner))
                {
                    continue;
                }

                var bin = FindBinaries();
                if (bin is not null)
                {
                    Stop(bin, dir, Environment.UserName == "root");
                }
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // Not ours or half-written: leave it.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            return !Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Stop(string bin, string root, bool asRoot)
    {
        try
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), $"-D \"{Path.Combine(root, "data")}\" -m immediate -w stop", asRoot).GetAwaiter().GetResult();
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

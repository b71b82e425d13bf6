using BridgePortal.Data.Model;
using Microsoft.Data.Sqlite;

namespace BridgePortal.Bench;

/// <summary>
/// The database a bench run uses: a throwaway PostgreSQL (default durability), or the embedded default, a SQLite
/// file in a temporary folder (WAL, synchronous FULL as the portal runs it).
/// </summary>
public sealed class BenchStorage : IAsyncDisposable
{
    private readonly ThrowawayPostgres? postgres;
    private readonly string? sqliteDirectory;

    private BenchStorage(ThrowawayPostgres? postgres, string? sqliteDirectory) => (this.postgres, this.sqliteDirectory) = (postgres, sqliteDirectory);

    public string Provider => postgres is null ? "sqlite" : "postgres";

    /// <summary>The PostgreSQL connection string, or null on SQLite.</summary>
    public string? PostgresConnectionString => postgres?.ConnectionString;

    public int? PostmasterPid => postgres?.PostmasterPid;

    public string SqlitePath => Path.Combine(sqliteDirectory ?? "", "bench.db");

    public static async Task<BenchStorage> StartAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var directory = Path.Combine(Path.GetTempPath(), "bridgeportal-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return new BenchStorage(null, directory);
        }

        return new BenchStorage(await ThrowawayPostgres.StartAsync(), null);
    }

    /// <summary>The portal's storage configuration keys.</summary>
    public Dictionary<string, string> PortalSettings() => postgres is null
        ? new() { ["Storage:Provider"] = "Sqlite", ["Storage:Sqlite"] = $"Data Source={SqlitePath}" }
        : new() { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = postgres.ConnectionString };

    public async Task<object> SettingsAsync() => postgres is null
        ? new { journalMode = "wal", synchronous = "full (the portal's default)" }
        : await postgres.SettingsAsync();

    public async Task<Dictionary<string, long>> RecordsByStatusAsync()
    {
        if (postgres is not null)
        {
            return await BenchProgram.RecordsByStatusAsync(postgres.ConnectionString);
        }

        var result = new Dictionary<string, long>();
        await using var connection = new SqliteConnection($"Data Source={SqlitePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("""SELECT "Status", count(*) FROM "Records" GROUP BY 1 ORDER BY 1""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[((RecordStatus)reader.GetInt32(0)).ToString()] = reader.GetInt64(1);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        if (sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // a file still open by a pool being torn down: the temp folder keeps it
            }
        }
    }
}

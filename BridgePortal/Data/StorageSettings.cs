using Microsoft.Data.Sqlite;
using Npgsql;

namespace BridgePortal.Data;

/// <summary>The validated storage choice, resolved once at start-up from configuration.</summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString, bool MigrateOnStartup)
{
    /// <summary>Reads and validates the storage keys; a bad value fails start-up with a message naming the key.</summary>
    public static StorageSettings Resolve(IConfiguration configuration, string contentRootPath)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (!Enum.TryParse<StorageProvider>(options.Provider, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException(
                $"Configuration key '{StorageOptions.SectionName}:Provider' must be 'Sqlite' or 'Postgres' (it is '{options.Provider}').");
        }

        return provider == StorageProvider.Postgres
            ? new(provider, ResolvePostgres(configuration), options.MigrateOnStartup)
            : new(provider, ResolveSqlite(options.Sqlite, contentRootPath), options.MigrateOnStartup);
    }

    private static string ResolvePostgres(IConfiguration configuration)
    {
        var connectionString = configuration[StorageOptions.PostgresConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Configuration key '{StorageOptions.PostgresConnectionStringKey}' is required when '{StorageOptions.SectionName}:Provider' is 'Postgres' (environment variable ConnectionStrings__Postgres).");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ArgumentException("it names no Host");
            }

            // The engine sends the same few statements all day: let Npgsql prepare them (unless told otherwise;
            // behind a transaction-mode PgBouncer set "Max Auto Prepare=0").
            if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                builder.MaxAutoPrepare = 64;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            // The message must not echo the connection string: it holds a password.
            throw new InvalidOperationException(
                $"Configuration key '{StorageOptions.PostgresConnectionStringKey}' is not a valid PostgreSQL connection string: {e.Message}");
        }
    }

    private static string ResolveSqlite(string connectionString, string contentRootPath)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"Configuration key '{StorageOptions.SectionName}:Sqlite' is not a valid SQLite connection string: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException(
                $"Configuration key '{StorageOptions.SectionName}:Sqlite' names no 'Data Source' file.");
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ConnectionString;
    }
}

namespace BridgePortal.Data;

/// <summary>Where BridgePortal keeps its data: SQLite + Hangfire.InMemory, or PostgreSQL + Hangfire.PostgreSql.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string PostgresConnectionStringKey = "ConnectionStrings:Postgres";

    /// <summary><c>Sqlite</c> (default, zero set-up) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>SQLite connection string; a relative file path is taken from the content root.</summary>
    public string Sqlite { get; set; } = "Data Source=data/bridgeportal.db";

    /// <summary>Apply pending EF Core migrations when the app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

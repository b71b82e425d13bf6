using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BridgePortal.Data;

// Used only by `dotnet ef migrations add`: the provider is fixed by the context type, so no database
// is needed to scaffold either history. See README "Changing the database schema".
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBridgeDbContext>
{
    public SqliteBridgeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBridgeDbContext>()
            .UseSqlite("Data Source=design-time.db", StorageServiceCollectionExtensions.ConfigureSqlite).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBridgeDbContext>
{
    public PostgresBridgeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBridgeDbContext>()
            .UseNpgsql("Host=localhost;Database=bridgeportal_design", StorageServiceCollectionExtensions.ConfigurePostgres).Options);
}

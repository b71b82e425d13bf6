using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void The_sqlite_migration_history_matches_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "run Migrations/add-migration.sh: the SQLite history is behind the model");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_postgres_migration_history_matches_the_model()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "run Migrations/add-migration.sh: the PostgreSQL history is behind the model");
        Assert.Equal(
            new SqliteDesignTimeFactory().CreateDbContext([]).Database.GetMigrations().Select(Name),
            db.Database.GetMigrations().Select(Name));
    }

    // "20261123090324_InitialIdentity" → "InitialIdentity": both histories hold the same steps.
    private static string Name(string id) => id[(id.IndexOf('_') + 1)..];
}

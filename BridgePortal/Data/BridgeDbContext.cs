using BridgePortal.Data.Model.Alerts;
using BridgePortal.Data.Model;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BridgePortal.Data;

/// <summary>
/// The one database context: Identity, Data Protection keys and the engine's tables. Each provider has
/// its own subclass so that each keeps its own migration history (see <c>Migrations/</c>).
/// </summary>
public abstract class BridgeDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Connection> Connections => Set<Connection>();

    public DbSet<Bridge> Bridges => Set<Bridge>();

    public DbSet<Record> Records => Set<Record>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<EngineInstance> EngineInstances => Set<EngineInstance>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<AlertChannel> AlertChannels => Set<AlertChannel>();

    public DbSet<AlertIncident> AlertIncidents => Set<AlertIncident>();

    public DbSet<BridgeRateSlot> BridgeRateSlots => Set<BridgeRateSlot>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BridgeDbContext).Assembly);
    }

    // Every timestamp is UTC; SQLite hands them back unspecified, so say so on the way out.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteBridgeDbContext(DbContextOptions<SqliteBridgeDbContext> options) : BridgeDbContext(options);

public sealed class PostgresBridgeDbContext(DbContextOptions<PostgresBridgeDbContext> options) : BridgeDbContext(options);

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace BridgePortal.Data;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database for the configured provider and keeps Data Protection keys in it.</summary>
    public static WebApplicationBuilder AddBridgeStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        // Resolved from the built configuration (not the builder's), so every source, tests' included, counts.
        services.AddSingleton(sp => StorageSettings.Resolve(sp.GetRequiredService<IConfiguration>(), contentRoot));
        // Options are built once (singleton), not per context: the connection string is fixed at start-up, and
        // the engine creates a context for every group commit and every batch.
        services.AddDbContext<SqliteBridgeDbContext>(
            (sp, o) => o.UseSqlite(sp.GetRequiredService<StorageSettings>().ConnectionString, ConfigureSqlite),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddDbContext<PostgresBridgeDbContext>(
            (sp, o) => o.UseNpgsql(sp.GetRequiredService<StorageSettings>().ConnectionString, ConfigurePostgres),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<BridgeDbContext>(sp => sp.GetRequiredService<StorageSettings>().Provider == StorageProvider.Postgres
            ? sp.GetRequiredService<PostgresBridgeDbContext>()
            : sp.GetRequiredService<SqliteBridgeDbContext>());

        // Keys in the database: every instance shares them, and secrets they encrypt survive restarts.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("BridgePortal")
            .PersistKeysToDbContext<BridgeDbContext>();
        var keyRing = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new();
        if (!string.IsNullOrWhiteSpace(keyRing.CertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(keyRing));
        }

        return builder;
    }

    private static X509Certificate2 LoadCertificate(KeyRingOptions options)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"Configuration key '{KeyRingOptions.SectionName}:CertificatePath' names a certificate without a private key.");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Configuration key '{KeyRingOptions.SectionName}:CertificatePath' could not be loaded (check the file and '{KeyRingOptions.SectionName}:CertificatePassword'): {e.Message}");
        }
    }

    internal static void ConfigureSqlite(SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.MigrationsHistoryTable("__EFMigrationsHistory");

    internal static void ConfigurePostgres(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable("__EFMigrationsHistory");

    /// <summary>Applies migrations (unless turned off) and switches SQLite to WAL.</summary>
    public static async Task InitializeBridgeStorageAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<StorageSettings>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BridgePortal.Storage");

        if (settings.Provider == StorageProvider.Sqlite)
        {
            // WAL lets the portal read while the engine writes; the mode is stored in the file.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }

        if (settings.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            await db.Database.MigrateAsync();
            logger.LogInformation("Storage {Provider} ready; applied {Count} migration(s)", settings.Provider, pending.Count);
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
            if (pending > 0)
            {
                throw new InvalidOperationException(
                    $"The database has {pending} pending migration(s) and '{StorageOptions.SectionName}:MigrateOnStartup' is false: "
                    + "apply them first (see README, 'Changing the database schema') or set it to true.");
            }

            logger.LogInformation("Storage {Provider}: migrations on start-up are off; schema is current", settings.Provider);
        }
    }
}

using BridgePortal.Data;
using BridgePortal.Identity;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace BridgePortal.Jobs;

public static class JobsServiceCollectionExtensions
{
    public const string DashboardPath = "/jobs";

    /// <summary>Hangfire on the configured storage: InMemory for SQLite mode, PostgreSQL otherwise.</summary>
    public static WebApplicationBuilder AddBridgeJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HangfireOptions>()
            .BindConfiguration(HangfireOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHangfire((services, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            var storage = services.GetRequiredService<StorageSettings>();
            if (storage.Provider == StorageProvider.Postgres)
            {
                config.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(storage.ConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        PrepareSchemaIfNecessary = true,
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                    });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });

        builder.Services.AddHangfireServer((services, server) =>
        {
            var options = services.GetRequiredService<IOptions<HangfireOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });

        return builder;
    }

    /// <summary>The Hangfire dashboard at <c>/jobs</c>, for Admins only (authorization is the endpoint's, not Hangfire's).</summary>
    public static void MapBridgeJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
            DashboardTitle = "BridgePortal jobs",
            AppPath = "/",
        }).RequireAuthorization(BridgePolicies.Admin);
}

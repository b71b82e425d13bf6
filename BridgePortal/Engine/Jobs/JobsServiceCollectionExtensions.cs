using BridgePortal.Data;
using BridgePortal.Identity;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace BridgePortal.Engine.Jobs;

public static class JobsServiceCollectionExtensions
{
    public const string DashboardPath = "/jobs";

    private static readonly PostgreSqlStorageOptions PostgresOptions = new()
    {
        SchemaName = "hangfire",
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>Hangfire on the configured storage: InMemory for SQLite mode, PostgreSQL otherwise.</summary>
    public static WebApplicationBuilder AddBridgeJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HangfireOptions>()
            .BindConfiguration(HangfireOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Storage and job activator are this host's own singletons, not Hangfire's process-wide JobStorage.Current
        // and JobActivator.Current: several hosts in one process (the tests) must never enqueue into each other's
        // storage or run a job with each other's services.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var storage = services.GetRequiredService<StorageSettings>();
            return storage.Provider == StorageProvider.Postgres
                ? new PostgreSqlStorage(
                    new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(storage.ConnectionString, PostgresOptions),
                    PostgresOptions)
                : new Hangfire.InMemory.InMemoryStorage();
        });
        builder.Services.AddSingleton<JobActivator>(services => new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(config => config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

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

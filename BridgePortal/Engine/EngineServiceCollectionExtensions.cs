using BridgePortal.Connectors;
using BridgePortal.Data;
using BridgePortal.Engine.Jobs;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Identity;

namespace BridgePortal.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Intake, dispatcher, delivery worker and recurring jobs; the connectors register themselves.</summary>
    public static WebApplicationBuilder AddSyncEngine(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The provider's statements, chosen once as the context is (AddBridgeStorage), not tested per batch.
        services.AddSingleton<EngineStore>(sp => sp.GetRequiredService<StorageSettings>().Provider == StorageProvider.Postgres
            ? EngineStore.Postgres
            : EngineStore.Sqlite);
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<EngineInstanceId>();
        services.AddSingleton<LeaseReclaimer>();
        services.AddHostedService<InstanceHeartbeat>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<BridgeContexts>();
        services.AddSingleton<ConnectorRegistry>();
        services.AddSingleton<IntakeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IntakeWriter>());
        services.AddSingleton<Intake>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ActorCheck>();
        services.AddScoped<ConnectionService>();
        services.AddHostedService<DeliveryWorker>();
        services.AddSingleton<CircuitBreaker>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<SinkProtection>();
        services.AddHostedService<BreakerProbeLoop>();

        services.AddSingleton<PollScheduler>();
        services.AddTransient<DispatchJob>();
        services.AddTransient<CleanupJob>();
        services.AddTransient<PollBridgeJob>();
        services.AddHostedService<RecurringJobsRegistrar>();

        // Every try is stored by the engine (attempt rows, metrics, failures in the log); the factory's own four
        // Information lines and logging scope per request would only flood the console at delivery speed.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        return builder;
    }
}

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

public sealed class AtHocConnector : IConnector
{
    /// <summary>The AtHoc connector: connection kind (token + one user), the duty-field-only sink, and the mapping table with its sync job, and the duty auto clean-up.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(AtHocClient.ClientName, c => c.Timeout = TimeSpan.FromSeconds(100));

        // Only for connections whose owner turned "Verify TLS certificate" off (the UI warns about it).
        builder.Services.AddHttpClient(AtHocClient.InsecureClientName, c => c.Timeout = TimeSpan.FromSeconds(100))
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        builder.Services.AddSingleton<AtHocClient>();
        builder.Services.AddSingleton<AtHocUsers>();
        builder.Services.AddSingleton<ISinkUserDirectory, AtHocUserDirectory>();
        builder.Services.AddSingleton<IConnectionKind, AtHocConnectionKind>();
        builder.Services.AddSingleton<ISink, AtHocSink>();
        builder.Services.AddScoped<AtHocMappingSync>();
        builder.Services.AddScoped<AtHocMappings>();
        builder.Services.AddTransient<AtHocMappingSyncJob>();
        builder.Services.AddSingleton<AtHocDutyTracker>();
        builder.Services.AddScoped<AtHocDutyCleanup>();
        builder.Services.AddTransient<AtHocDutyCleanupJob>();
        builder.Services.AddSingleton<IRecurringJobs, AtHocRecurringJobs>();
        builder.Services.AddSingleton(new ConnectorPage("/mappings", MudBlazor.Icons.Material.Filled.Badge, "Mappings"));
    }
}

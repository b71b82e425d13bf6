using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BridgePortal.Monitoring;

/// <summary>Ready when Hangfire's storage answers a query (for PostgreSQL this is a real round trip).</summary>
public sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            var data = new Dictionary<string, object> { ["servers"] = servers.Count };
            return Task.FromResult(HealthCheckResult.Healthy($"{servers.Count} Hangfire server(s)", data));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage is unreachable: " + e.GetType().Name, e));
        }
    }
}

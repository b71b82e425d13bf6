using System.Text.Json;
using BridgePortal.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BridgePortal.Monitoring;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddBridgeHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProcessClock>();
        builder.Services.AddScoped<BridgeStats>();
        builder.Services.AddScoped<DashboardStats>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<BridgeDbContext>("database", tags: [ReadyTag])
            .AddCheck<HangfireStorageHealthCheck>("hangfire", tags: [ReadyTag]);
        return builder;
    }

    /// <summary><c>/health</c>: the process is up. <c>/health/ready</c>: the database and Hangfire storage answer.</summary>
    public static void MapBridgeHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson })
            .AllowAnonymous();
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

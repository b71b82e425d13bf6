using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using BridgePortal.Engine;

namespace BridgePortal.Monitoring;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry metrics and traces: the engine's meter and spans, ASP.NET Core, HttpClient and Npgsql.
    /// Exported to Prometheus when <c>Metrics:Prometheus:Enabled</c>, and over OTLP when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other OTEL_* variables itself).
    /// </summary>
    public static WebApplicationBuilder AddBridgeTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName)
            .Validate(o => o.Path.StartsWith('/'), $"{MetricsOptions.SectionName}:Path must start with '/'").ValidateOnStart();
        builder.Services.AddSingleton<QueueSnapshot>();
        builder.Services.AddSingleton<EngineMetrics>();
        var prometheus = builder.Configuration.GetValue<bool>($"{MetricsOptions.SectionName}:Enabled");
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!prometheus && !otlp)
        {
            return builder; // nothing would read them: no listener, so the instruments and spans cost nothing
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("bridgeportal"))
            .WithMetrics(m =>
            {
                m.AddMeter(EngineMetrics.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsqlInstrumentation();
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Traces have no other exporter, so spans are only recorded when OTLP is on.
            telemetry.WithTracing(t => t.AddSource(EngineMetrics.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql())
                .UseOtlpExporter();
        }

        return builder;
    }
}

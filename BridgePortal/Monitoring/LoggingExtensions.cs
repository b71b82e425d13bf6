using Serilog;
using Serilog.Formatting.Compact;

namespace BridgePortal.Monitoring;

public static class LoggingExtensions
{
    /// <summary>Serilog to the console: readable text in Development, compact JSON everywhere else.</summary>
    public static WebApplicationBuilder AddBridgeLogging(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (development)
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        });

        // Serilog registers its factory as the app's ILoggerFactory; the same factory, caching its loggers, replaces it.
        var serilog = builder.Services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        builder.Services.Remove(serilog);
        builder.Services.AddSingleton<ILoggerFactory>(sp => new CachingLoggerFactory(serilog.ImplementationFactory is { } create
            ? (ILoggerFactory)create(sp)
            : (ILoggerFactory?)serilog.ImplementationInstance ?? throw new InvalidOperationException("Serilog's logger factory registration has an unexpected shape.")));
        return builder;
    }
}

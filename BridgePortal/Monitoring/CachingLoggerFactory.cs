using System.Collections.Concurrent;

namespace BridgePortal.Monitoring;

/// <summary>
/// The app's logger factory: Serilog's, with one logger per category. Serilog's factory builds a new logger (with
/// its own caches) on every call, and ASP.NET Core's authentication handlers (created per request) and EF Core
/// (per DbContext) call it every time: at ingest speed that was a large share of all allocations.
/// </summary>
public sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> loggers = new();

    public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, inner.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose(); // flushes Serilog's sinks at shutdown, as the container did before
}

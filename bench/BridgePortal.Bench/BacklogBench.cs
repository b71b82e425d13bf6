using System.Diagnostics;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Bench;

/// <summary>
/// Recovery after an outage: a stopped Ingest → Http bridge holds a backlog of <c>--backlog</c> records (stored
/// through the app's own intake in pages of 1,000), then it is started and the bench times how long the sink
/// takes to receive every one. Issue 17 measured 88 records/s for a 106k backlog before the claim indexes.
/// </summary>
public static class BacklogBench
{
    public static async Task<object> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var storage = await BenchStorage.StartAsync(options.Storage);
        await using var sink = await RecordingSink.StartAsync(1);
        await using var portal = BenchPortal.Start(storage.PortalSettings());
        var bridge = await BenchBridge.CreateAsync(portal.Services, sink.BaseAddress, options.SinkParallelism, cancellationToken, start: false);

        var filling = Stopwatch.GetTimestamp();
        await FillAsync(portal.Services, bridge.Id, options.Backlog, options.PayloadBytes, cancellationToken);
        var fillSeconds = Stopwatch.GetElapsedTime(filling).TotalSeconds;
        BenchProgram.Progress($"backlog of {options.Backlog} stored in {fillSeconds:0.0} s; starting the bridge");

        var sampler = new ResourceSampler(storage.PostgresConnectionString, storage.PostmasterPid);
        await sampler.StartAsync();
        var draining = Stopwatch.GetTimestamp();
        await StartAsync(portal.Services, bridge.Id, cancellationToken);
        var drained = await BenchProgram.WaitAsync(() => sink.Other >= options.Backlog, TimeSpan.FromSeconds(options.DrainTimeoutSeconds), () => $"delivered {sink.Other}/{options.Backlog}", cancellationToken);
        var drainSeconds = Stopwatch.GetElapsedTime(draining).TotalSeconds;
        var resources = await sampler.StopAsync();
        await sampler.DisposeAsync();

        return new
        {
            benchmark = "BridgePortal backlog drain: a stopped Ingest → Http bridge with a backlog is started",
            parameters = new { storage = storage.Provider, options.Backlog, options.PayloadBytes, sinkParallelism = options.SinkParallelism ?? 1, batchSize = "Engine:BatchSize (app default)" },
            results = new
            {
                backlog = options.Backlog,
                fillSeconds = Math.Round(fillSeconds, 1),
                delivered = sink.Other,
                allDelivered = drained,
                drainSeconds = Math.Round(drainSeconds, 2),
                recordsPerSec = Math.Round(sink.Other / drainSeconds, 1),
            },
            resources,
            totalSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
        };
    }

    private static async Task FillAsync(IServiceProvider services, Guid bridgeId, int count, int payloadBytes, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<Intake>();
        var bridge = await scope.ServiceProvider.GetRequiredService<BridgePortal.Data.BridgeDbContext>().Bridges.FindAsync([bridgeId], cancellationToken)
            ?? throw new InvalidOperationException("The bench bridge is gone.");
        var padding = new string('x', Math.Max(0, payloadBytes - 40));
        for (var page = 0; page * 1000 < count; page++)
        {
            var records = Enumerable.Range(page * 1000, Math.Min(1000, count - (page * 1000)))
                .Select(i => new InboundRecord($"b-{i:D7}", $$"""{"id":"b-{{i:D7}}","pad":"{{padding}}"}"""))
                .ToList();
            await intake.AcceptAsync(bridge, records, cancellationToken);
        }
    }

    private static async Task StartAsync(IServiceProvider services, Guid bridgeId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var actor = await BenchBridge.AdminAsync(provider);
        await provider.GetRequiredService<BridgeService>().SetStateAsync(actor, bridgeId, BridgeState.Running, cancellationToken);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BridgePortal.Engine;

/// <summary>
/// The in-process delivery loop: a bridge is dispatched within moments of a signal (intake, start,
/// retry), and every <see cref="EngineOptions.PollSeconds"/> the loop also looks for due retries and
/// records taken in by other instances. Hangfire's recurring jobs are the safety net behind it.
/// </summary>
public sealed class DeliveryWorker(
    DispatchSignal signal,
    Dispatcher dispatcher,
    IOptions<EngineOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private const int Running = 1;
    private const int RunningAndDirty = 2;
    private readonly ConcurrentDictionary<Guid, int> bridges = new();
    private SemaphoreSlim parallel = default!;
    private CancellationToken stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        parallel = new SemaphoreSlim(options.Value.MaxParallelBridges);
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(poll);
            try
            {
                Kick(await signal.Reader.ReadAsync(wait.Token));
                while (signal.Reader.TryRead(out var more))
                {
                    Kick(more);
                }

                continue;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Poll interval elapsed with no signal.
            }

            try
            {
                foreach (var bridgeId in await dispatcher.DueBridgesAsync(stoppingToken))
                {
                    Kick(bridgeId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The delivery loop could not look for due work; it tries again");
            }
        }
    }

    /// <summary>Starts dispatching the bridge, or marks it dirty if it is already being dispatched.</summary>
    private void Kick(Guid bridgeId)
    {
        while (true)
        {
            if (bridges.TryAdd(bridgeId, Running))
            {
                _ = Task.Run(() => RunAsync(bridgeId));
                return;
            }

            if (bridges.TryUpdate(bridgeId, RunningAndDirty, Running)
                || (bridges.TryGetValue(bridgeId, out var state) && state == RunningAndDirty))
            {
                return;
            }
        }
    }

    private async Task RunAsync(Guid bridgeId)
    {
        while (true)
        {
            await parallel.WaitAsync(stopping).ConfigureAwait(false);
            try
            {
                await dispatcher.DispatchAsync(bridgeId, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Dispatching bridge {BridgeId} failed; the records stay Pending", bridgeId);
            }
            finally
            {
                parallel.Release();
            }

            if (bridges.TryUpdate(bridgeId, Running, RunningAndDirty))
            {
                continue; // a signal arrived while dispatching
            }

            if (bridges.TryRemove(KeyValuePair.Create(bridgeId, Running)))
            {
                return;
            }
        }
    }
}

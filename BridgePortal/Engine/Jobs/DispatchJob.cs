namespace BridgePortal.Engine.Jobs;

/// <summary>
/// Safety net and multi-instance mechanism behind the in-process worker: reclaims expired leases and
/// dispatches every running bridge with due records (new or retry-due). Short, idempotent, safe to overlap.
/// </summary>
public sealed class DispatchJob(Dispatcher dispatcher, LeaseReclaimer reclaimer, ILogger<DispatchJob> logger)
{
    public const string Id = "engine-dispatch";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await reclaimer.ReclaimAsync(startingAlone: false, cancellationToken);
        var handled = 0;
        foreach (var bridgeId in await dispatcher.DueBridgesAsync(cancellationToken))
        {
            handled += await dispatcher.DispatchAsync(bridgeId, cancellationToken, budget: TimeSpan.FromSeconds(20));
        }

        if (handled > 0)
        {
            logger.LogInformation("Safety-net dispatch handled {Count} record(s)", handled);
        }
    }
}

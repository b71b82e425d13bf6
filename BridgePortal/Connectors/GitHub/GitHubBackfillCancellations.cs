using System.Collections.Concurrent;

namespace BridgePortal.Connectors.GitHub;

/// <summary>
/// The back-fills running in this instance, so that Cancel stops one at once (even mid-request). A run started by
/// another instance sees the persisted <see cref="GitHubBackfill.CancelRequested"/> flag after its current page.
/// </summary>
public sealed class GitHubBackfillCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    /// <summary>A token cancelled by <see cref="Cancel"/> or by <paramref name="stopping"/>; dispose it when the run ends.</summary>
    public CancellationTokenSource Register(Guid backfillId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        running[backfillId] = source;
        return source;
    }

    public void Remove(Guid backfillId) => running.TryRemove(backfillId, out _);

    /// <summary>Cancels the run if this instance runs it.</summary>
    public bool Cancel(Guid backfillId)
    {
        if (!running.TryGetValue(backfillId, out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}

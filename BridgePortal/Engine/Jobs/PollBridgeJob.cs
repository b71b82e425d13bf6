using BridgePortal.Data;
using BridgePortal.Data.Model;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine.Jobs;

/// <summary>
/// Polls one bridge's source: each page is stored together with its cursor (one transaction), so a crash
/// resumes where the last committed page ended. One poll per bridge at a time (a distributed lock);
/// stopping the bridge ends the poll after the current page. Failures are stored on the bridge, not retried
/// by Hangfire: the next scheduled poll is the retry.
/// </summary>
public sealed class PollBridgeJob(
    IServiceScopeFactory scopes,
    ConnectorRegistry connectors,
    BridgeContexts contexts,
    JobStorage storage,
    TimeProvider clock,
    EngineMetrics metrics,
    ILogger<PollBridgeJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(Guid bridgeId, CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        IDisposable pollLock;
        try
        {
            pollLock = connection.AcquireDistributedLock($"bridgeportal:poll:{bridgeId:N}", TimeSpan.FromSeconds(1));
        }
        catch (DistributedLockTimeoutException)
        {
            logger.LogDebug("Bridge {BridgeId} is already being polled", bridgeId);
            return 0;
        }

        using (pollLock)
        {
            return await PollAsync(bridgeId, cancellationToken);
        }
    }

    private async Task<int> PollAsync(Guid bridgeId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var bridge = await db.Bridges.AsNoTracking().Include(b => b.SourceConnection).FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
        if (bridge is null || bridge.State != BridgeState.Running || connectors.Poller(bridge.SourceKind) is not { } source)
        {
            return 0;
        }

        var intake = scope.ServiceProvider.GetRequiredService<Intake>();
        var context = contexts.Poll(bridge);
        using var span = EngineMetrics.StartPoll(bridgeId);
        var fetched = 0;
        string? error = null;
        try
        {
            await foreach (var page in source.PollAsync(context, bridge.SourceCursor, cancellationToken))
            {
                if (page.Records.Count > 0 || page.Cursor is not null)
                {
                    var records = WithValidIds(bridgeId, page.Records);
                    await intake.AcceptPageAsync(bridge, records, page.Cursor, cancellationToken);
                    fetched += records.Count;
                }

                if (!await db.Bridges.AnyAsync(b => b.Id == bridgeId && b.State == BridgeState.Running, cancellationToken))
                {
                    logger.LogInformation("Bridge {BridgeId} stopped during a poll; {Count} record(s) were stored", bridgeId, fetched);
                    break;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = e switch
            {
                SourceException => e.Message,
                _ when ErrorSentences.IsTransport(e) => $"{source.Kind}: the poll got no answer ({ErrorSentences.Reason(e)}). Check the source connection's server address.",
                _ => $"{source.Kind}: the poll stopped on an unexpected error (details in the server log). It is tried again at the next poll.",
            };
            logger.LogWarning(e is SourceException ? null : e, "Polling bridge {BridgeId} failed after {Count} record(s): {Error}", bridgeId, fetched, error);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Bridges.Where(b => b.Id == bridgeId).ExecuteUpdateAsync(
            s => s.SetProperty(b => b.LastPollAt, now).SetProperty(b => b.LastPollFetched, fetched)
                .SetProperty(b => b.LastPollError, error is { Length: > 2000 } ? error[..1999] + "…" : error)
                .SetProperty(b => b.PollFailuresInARow, b => error == null ? 0 : b.PollFailuresInARow + 1),
            CancellationToken.None);
        metrics.Polled(bridge, fetched, error is null);
        return fetched;
    }

    /// <summary>
    /// A polled record whose natural id breaks <see cref="NaturalIds"/> is skipped with a warning (its id shown
    /// percent-encoded, so it cannot forge log lines); the cursor still moves past it, so it is not fetched again.
    /// </summary>
    private IReadOnlyList<InboundRecord> WithValidIds(Guid bridgeId, IReadOnlyList<InboundRecord> records)
    {
        if (records.All(r => NaturalIds.Problem(r.NaturalId) is null))
        {
            return records;
        }

        var kept = new List<InboundRecord>(records.Count);
        foreach (var record in records)
        {
            if (NaturalIds.Problem(record.NaturalId) is { } problem)
            {
                var shown = NaturalIds.HeaderSafe(record.NaturalId.Length > 80 ? record.NaturalId[..80] : record.NaturalId);
                logger.LogWarning("Bridge {BridgeId}: skipped a polled record whose natural id {Problem}: {NaturalId}", bridgeId, problem, shown);
            }
            else
            {
                kept.Add(record);
            }
        }

        return kept;
    }
}

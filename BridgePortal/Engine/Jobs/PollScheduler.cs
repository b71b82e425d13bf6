using BridgePortal.Data;
using BridgePortal.Data.Model;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine.Jobs;

/// <summary>
/// One Hangfire recurring job per running polling bridge (<c>poll-{bridgeId}</c>): added when the bridge starts
/// or its interval changes, removed when it stops or is deleted, and re-synced at start-up (InMemory storage
/// forgets them). "Poll now" enqueues the same job once.
/// </summary>
public sealed class PollScheduler(IRecurringJobManager recurring, IBackgroundJobClient jobs, JobStorage storage, ConnectorRegistry connectors, ILogger<PollScheduler> logger)
{
    public static string JobId(Guid bridgeId) => $"poll-{bridgeId:N}";

    public bool Polls(Bridge bridge) => connectors.Poller(bridge.SourceKind) is not null;

    /// <summary>Registers or removes the bridge's recurring poll to match its state and interval.</summary>
    public void Sync(Bridge bridge)
    {
        if (bridge.State == BridgeState.Running && Polls(bridge))
        {
            var minutes = PollSettings.Interval(SettingsJson.Read(bridge.SourceSettingsJson));
            recurring.AddOrUpdate<PollBridgeJob>(JobId(bridge.Id), j => j.RunAsync(bridge.Id, CancellationToken.None), Cron(minutes));
        }
        else
        {
            Remove(bridge.Id);
        }
    }

    public void Remove(Guid bridgeId) => recurring.RemoveIfExists(JobId(bridgeId));

    /// <summary>Polls once, now, in the background.</summary>
    public void PollNow(Guid bridgeId) => jobs.Enqueue<PollBridgeJob>(j => j.RunAsync(bridgeId, CancellationToken.None));

    /// <summary>When the recurring poll runs next, if it is scheduled.</summary>
    public DateTime? NextPoll(Guid bridgeId)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([JobId(bridgeId)]).FirstOrDefault(j => !j.Removed)?.NextExecution;
    }

    /// <summary>At start-up: every running polling bridge gets its job, every other poll job goes.</summary>
    public async Task SyncAllAsync(BridgeDbContext db, CancellationToken cancellationToken)
    {
        var bridges = await db.Bridges.AsNoTracking().ToListAsync(cancellationToken);
        var wanted = new HashSet<string>();
        foreach (var bridge in bridges)
        {
            Sync(bridge);
            if (bridge.State == BridgeState.Running && Polls(bridge))
            {
                wanted.Add(JobId(bridge.Id));
            }
        }

        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs().Where(j => j.Id.StartsWith("poll-", StringComparison.Ordinal) && !wanted.Contains(j.Id)))
        {
            recurring.RemoveIfExists(job.Id);
        }

        logger.LogInformation("Polling scheduled for {Count} running bridge(s)", wanted.Count);
    }

    /// <summary>Every <paramref name="minutes"/> minutes as a cron expression (whole hours above 59, daily from 1440).</summary>
    public static string Cron(int minutes) => minutes switch
    {
        <= 1 => "* * * * *",
        < 60 => $"*/{minutes} * * * *",
        < 1440 => $"0 */{minutes / 60} * * *",
        _ => "0 0 * * *", // "*/24" is not a valid hour step: once a day at midnight
    };
}

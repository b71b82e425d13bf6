using System.Threading.Channels;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.Extensions.Options;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// Group commit for every intake path: callers hand their verified, split records over and wait; a writer loop
/// takes everything that is waiting, stores it in one transaction (multi-row upserts), and then releases each
/// caller with its own outcome. While one group commits the next one forms in the queue, so no timer is needed.
/// A group that the database refuses for one record's sake is written again request by request, so a bad record
/// fails only its own request.
/// </summary>
public sealed class IntakeWriter(
    IServiceScopeFactory scopes,
    StorageSettings storage,
    EngineStore store,
    TimeProvider clock,
    DispatchSignal signal,
    SqliteWriteGate gate,
    IOptions<EngineOptions> options,
    ILogger<IntakeWriter> logger) : BackgroundService
{
    private readonly Channel<IntakeRequest> queue = Channel.CreateUnbounded<IntakeRequest>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });

    public async Task<IReadOnlyList<IntakeResult>> SubmitAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, string? cursor, CancellationToken cancellationToken)
    {
        if (records.Count == 0 && cursor is null)
        {
            return [];
        }

        var request = new IntakeRequest(bridge, records, cursor);
        if (!queue.Writer.TryWrite(request))
        {
            throw new InvalidOperationException("The portal is shutting down: intake is closed.");
        }

        // A caller that gives up still leaves its records to the group: once queued they may be committed.
        return await request.Completion.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete(); // the web server stopped first; what is queued still gets written
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SQLite has one writer whatever we do; on PostgreSQL a second group may write while the first commits.
        var writers = storage.Provider == StorageProvider.Sqlite ? 1 : options.Value.IntakeWriters;
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));
    }

    private async Task WriteLoopAsync()
    {
        var maxRecords = options.Value.IntakeGroupRecords;
        while (await queue.Reader.WaitToReadAsync())
        {
            var group = new List<IntakeRequest>();
            var count = 0;
            while (count < maxRecords && queue.Reader.TryRead(out var request))
            {
                group.Add(request);
                count += request.Records.Count;
            }

            if (group.Count > 0)
            {
                await CommitAsync(group);
            }
        }
    }

    private async Task CommitAsync(List<IntakeRequest> group)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
            IReadOnlyList<IReadOnlyList<IntakeResult>> results;
            using (await gate.EnterAsync(CancellationToken.None))
            {
                results = await IntakeGroup.WriteAsync(db, store.Intake, group, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            }

            for (var i = 0; i < group.Count; i++)
            {
                group[i].Succeed(results[i]);
            }

            Notify(group, results);
        }
        catch (Exception e) when (group.Count > 1 && !IntakeFailures.IsUnavailable(e))
        {
            logger.LogWarning("A group of {Requests} intake request(s) was refused ({Error}); writing them one by one", group.Count, e.Message);
            foreach (var request in group)
            {
                await CommitAsync([request]);
            }
        }
        catch (Exception e)
        {
            if (!IntakeFailures.IsUnavailable(e))
            {
                logger.LogWarning(e, "An intake request for bridge {BridgeId} was refused by the database", group[0].Bridge.Id);
            }

            foreach (var request in group)
            {
                request.Fail(e);
            }
        }
    }

    private void Notify(List<IntakeRequest> group, IReadOnlyList<IReadOnlyList<IntakeResult>> results)
    {
        var notified = new HashSet<Guid>();
        for (var i = 0; i < group.Count; i++)
        {
            var bridge = group[i].Bridge;
            if (bridge.State == BridgeState.Running && !notified.Contains(bridge.Id) && results[i].Any(r => r.Disposition != IntakeDisposition.Unchanged))
            {
                notified.Add(bridge.Id);
                signal.Notify(bridge.Id);
            }
        }
    }
}

using BridgePortal.Connectors;
using BridgePortal.Data;
using BridgePortal.Engine.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BridgePortal.Engine;

/// <summary>
/// Delivers a bridge's due Pending records: claims a batch (a lease; <c>FOR UPDATE SKIP LOCKED</c> on
/// PostgreSQL so instances never take the same record), hands it to the sink, and stores one Attempt and
/// the outcome per record. Safe to run twice or concurrently.
/// </summary>
public sealed class Dispatcher(
    IServiceScopeFactory scopes,
    ConnectorRegistry connectors,
    SecretProtector secrets,
    TimeProvider clock,
    IOptions<EngineOptions> options,
    ILogger<Dispatcher> logger)
{
    private static readonly TimeSpan BridgeRefresh = TimeSpan.FromSeconds(5);

    /// <summary>Dispatches until nothing is due, the bridge is stopped, or <paramref name="budget"/> is spent. Returns records handled.</summary>
    public async Task<int> DispatchAsync(Guid bridgeId, CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        var started = clock.GetTimestamp();
        var handled = 0;
        (Bridge Bridge, ISink Sink, SinkContext Context, long LoadedAt)? loaded = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();

            // The bridge, its sink and decrypted connection are read once per run and refreshed every few
            // seconds; whether it is still Running is checked by every claim itself.
            if (loaded is null || clock.GetElapsedTime(loaded.Value.LoadedAt) > BridgeRefresh)
            {
                var bridge = await db.Bridges.AsNoTracking().Include(b => b.SinkConnection)
                    .FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
                if (bridge is null || bridge.State != BridgeState.Running || !connectors.HasSink(bridge.SinkKind))
                {
                    break;
                }

                loaded = (bridge, connectors.Sink(bridge.SinkKind), new SinkContext(bridge, Decrypt(bridge.SinkConnection)), clock.GetTimestamp());
            }

            var (current, sink, context, _) = loaded.Value;
            var limits = sink.GetLimits(context);
            var claimed = await ClaimAsync(db, current.Id, Math.Min(limits.MaxCount, options.Value.BatchSize), cancellationToken);
            if (claimed.Count == 0)
            {
                break;
            }

            await DeliverAsync(db, current, sink, context, limits, claimed, cancellationToken);
            handled += claimed.Count;
            if (budget is { } b && clock.GetElapsedTime(started) > b)
            {
                break;
            }
        }

        return handled;
    }

    /// <summary>Running bridges that have Pending records due now (new, or retries whose wait is over).</summary>
    public async Task<List<Guid>> DueBridgesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Bridges
            .Where(b => b.State == BridgeState.Running && db.Records.Any(r =>
                r.BridgeId == b.Id && r.Status == RecordStatus.Pending && (r.NextAttemptAt == null || r.NextAttemptAt <= now)))
            .Select(b => b.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Records left Delivering past their lease (a crashed or killed worker) become Pending again.</summary>
    public async Task<int> ReclaimExpiredLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var reclaimed = await db.Records
            .Where(r => r.Status == RecordStatus.Delivering && r.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecordStatus.Pending).SetProperty(r => r.LeaseUntil, (DateTime?)null), cancellationToken);
        if (reclaimed > 0)
        {
            logger.LogWarning("Reclaimed {Count} record(s) whose delivery lease expired", reclaimed);
        }

        return reclaimed;
    }

    private ConnectionData? Decrypt(Connection? connection) =>
        connection is null
            ? null
            : secrets.Open(connection);

    private async Task<List<Record>> ClaimAsync(BridgeDbContext db, Guid bridgeId, int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = now.AddSeconds(options.Value.LeaseSeconds);
        var pending = (int)RecordStatus.Pending;
        var delivering = (int)RecordStatus.Delivering;
        var running = nameof(BridgeState.Running);
        var ids = db is PostgresBridgeDbContext
            ? await db.Database.SqlQuery<long>($"""
                UPDATE "Records" SET "Status" = {delivering}, "LeaseUntil" = {lease}
                WHERE "Id" IN (
                    SELECT "Id" FROM "Records"
                    WHERE "BridgeId" = {bridgeId} AND "Status" = {pending} AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                      AND EXISTS (SELECT 1 FROM "Bridges" WHERE "Id" = {bridgeId} AND "State" = {running})
                    ORDER BY "Id" LIMIT {count}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken)
            : await db.Database.SqlQuery<long>($"""
                UPDATE "Records" SET "Status" = {delivering}, "LeaseUntil" = {lease}
                WHERE "Id" IN (
                    SELECT "Id" FROM "Records"
                    WHERE "BridgeId" = {bridgeId} AND "Status" = {pending} AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
                      AND EXISTS (SELECT 1 FROM "Bridges" WHERE "Id" = {bridgeId} AND "State" = {running})
                    ORDER BY "Id" LIMIT {count})
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        return await db.Records.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    private async Task DeliverAsync(
        BridgeDbContext db, Bridge bridge, ISink sink, SinkContext context, SinkLimits limits, List<Record> claimed, CancellationToken cancellationToken)
    {
        var mapping = FieldMapping.Parse(bridge.MappingJson);
        var outbound = new List<OutboundRecord>(claimed.Count);
        var outcomes = new Dictionary<long, (DeliveryOutcome Outcome, DateTime Started, int Ms)>();
        foreach (var record in claimed)
        {
            var payload = record.Payload ?? "null";
            try
            {
                outbound.Add(new OutboundRecord(record.Id, record.NaturalId, mapping.Apply(payload), record.Version, record.Attempts + 1));
            }
            catch (System.Text.Json.JsonException e)
            {
                outcomes[record.Id] = (DeliveryOutcome.Permanent(record.Id, "The field mapping could not be applied: " + e.Message), clock.GetUtcNow().UtcDateTime, 0);
            }
        }

        foreach (var chunk in Chunk(outbound, limits))
        {
            var startedAt = clock.GetUtcNow().UtcDateTime;
            var timestamp = clock.GetTimestamp();
            IReadOnlyList<DeliveryOutcome> results;
            try
            {
                results = await sink.DeliverAsync(context, chunk, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(e, "Sink {Sink} of bridge {BridgeId} threw", sink.Kind, bridge.Id);
                results = [.. chunk.Select(r => DeliveryOutcome.Transient(r.RecordId, $"The sink failed: {e.GetType().Name}: {e.Message}"))];
            }

            var ms = (int)clock.GetElapsedTime(timestamp).TotalMilliseconds;
            foreach (var result in results)
            {
                outcomes[result.RecordId] = (result, startedAt, ms);
            }
        }

        await StoreOutcomesAsync(db, bridge, claimed, outcomes, cancellationToken);
    }

    // A record bigger than the byte limit travels alone; the sink decides whether that is too big.
    private static IEnumerable<List<OutboundRecord>> Chunk(List<OutboundRecord> records, SinkLimits limits)
    {
        var chunk = new List<OutboundRecord>();
        long bytes = 0;
        foreach (var record in records)
        {
            var size = System.Text.Encoding.UTF8.GetByteCount(record.Payload);
            if (chunk.Count > 0 && (chunk.Count >= limits.MaxCount || bytes + size > limits.MaxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(record);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private async Task StoreOutcomesAsync(
        BridgeDbContext db, Bridge bridge, List<Record> claimed, Dictionary<long, (DeliveryOutcome Outcome, DateTime Started, int Ms)> outcomes, CancellationToken cancellationToken)
    {
        if (db is PostgresBridgeDbContext)
        {
            var delivered = claimed.Where(r => outcomes.TryGetValue(r.Id, out var o) && o.Outcome.Outcome == AttemptOutcome.Delivered).ToList();
            if (delivered.Count > 0)
            {
                await StoreDeliveredAsync(db, bridge, delivered, outcomes, cancellationToken);
                claimed = [.. claimed.Except(delivered)];
                if (claimed.Count == 0)
                {
                    return;
                }
            }
        }

        var claimedVersions = claimed.ToDictionary(r => r.Id, r => r.Version);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var records = attempt == 1 ? claimed : await db.Records.Where(r => claimedVersions.Keys.Contains(r.Id)).ToListAsync(cancellationToken);
            var delivered = false;
            foreach (var record in records)
            {
                if (!outcomes.TryGetValue(record.Id, out var o))
                {
                    o = (DeliveryOutcome.Transient(record.Id, "The sink returned no outcome for this record."), now, 0);
                }

                var fresh = record.Version == claimedVersions[record.Id];
                var attemptRow = new Attempt
                {
                    RecordId = record.Id,
                    BridgeId = bridge.Id,
                    StartedAt = o.Started,
                    DurationMs = o.Ms,
                    Outcome = o.Outcome.Outcome,
                    HttpStatus = o.Outcome.HttpStatus,
                    Error = Truncate(o.Outcome.Error),
                    LatencyMs = o.Outcome.Outcome == AttemptOutcome.Delivered && fresh ? (int)Math.Max(0, (now - record.ReceivedAt).TotalMilliseconds) : null,
                };
                db.Attempts.Add(attemptRow);
                if (!fresh)
                {
                    continue; // new content arrived meanwhile: it is Pending again and will be delivered on its own
                }

                Apply(record, o.Outcome, bridge.MaxRetries, now);

                // What happens next, on the attempt itself: when the retry is due, or that this was the last try.
                attemptRow.RetryAt = record.Status == RecordStatus.Pending ? record.NextAttemptAt : null;
                if (o.Outcome.Outcome == AttemptOutcome.TransientFailure && record.Status == RecordStatus.Failed)
                {
                    attemptRow.Outcome = AttemptOutcome.GaveUp;
                }

                delivered |= record.Status == RecordStatus.Delivered;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (delivered)
                {
                    await db.Bridges.Where(b => b.Id == bridge.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastSyncAt, now), cancellationToken);
                }

                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    // PostgreSQL, the common case: every Delivered outcome of a batch in two set-based statements (records whose
    // content changed meanwhile keep their newer version and stay Pending; their attempt is still stored).
    private async Task StoreDeliveredAsync(
        BridgeDbContext db, Bridge bridge, List<Record> delivered, Dictionary<long, (DeliveryOutcome Outcome, DateTime Started, int Ms)> outcomes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = delivered.Select(r => r.Id).ToArray();
        var versions = delivered.Select(r => r.Version).ToArray();
        var deliveredStatus = (int)RecordStatus.Delivered;
        var deliveringStatus = (int)RecordStatus.Delivering;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fresh = (await db.Database.SqlQuery<long>($"""
            UPDATE "Records" AS r SET "Status" = {deliveredStatus}, "Attempts" = r."Attempts" + 1, "LastAttemptAt" = {now}, "DeliveredAt" = {now},
                "LatencyMs" = GREATEST(0, LEAST(2147483647, (EXTRACT(EPOCH FROM ({now} - r."ReceivedAt")) * 1000)::bigint))::integer,
                "LeaseUntil" = NULL, "NextAttemptAt" = NULL, "LastError" = NULL
            FROM unnest({ids}::bigint[], {versions}::integer[]) AS t(id, v)
            WHERE r."Id" = t.id AND r."Version" = t.v AND r."Status" = {deliveringStatus}
            RETURNING r."Id" AS "Value"
            """).ToListAsync(cancellationToken)).ToHashSet();
        var started = delivered.Select(r => outcomes[r.Id].Started).ToArray();
        var durations = delivered.Select(r => outcomes[r.Id].Ms).ToArray();
        var statuses = delivered.Select(r => outcomes[r.Id].Outcome.HttpStatus).ToArray();
        var latencies = delivered.Select(r => fresh.Contains(r.Id) ? (int?)Math.Max(0, (now - r.ReceivedAt).TotalMilliseconds) : null).ToArray();
        var outcome = (int)AttemptOutcome.Delivered;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Attempts" ("RecordId", "BridgeId", "StartedAt", "DurationMs", "Outcome", "HttpStatus", "Error", "LatencyMs")
            SELECT t.id, {bridge.Id}, t.s, t.d, {outcome}, t.h, NULL, t.l
            FROM unnest({ids}::bigint[], {started}::timestamptz[], {durations}::integer[], {statuses}::integer[], {latencies}::integer[]) AS t(id, s, d, h, l)
            """, cancellationToken);
        if (fresh.Count > 0)
        {
            await db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.LastSyncAt, now), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static void Apply(Record record, DeliveryOutcome outcome, int maxRetries, DateTime now)
    {
        record.Attempts++;
        record.LastAttemptAt = now;
        record.LeaseUntil = null;
        switch (outcome.Outcome)
        {
            case AttemptOutcome.Delivered:
                record.Status = RecordStatus.Delivered;
                record.DeliveredAt = now;
                record.LatencyMs = (int)Math.Clamp((now - record.ReceivedAt).TotalMilliseconds, 0, int.MaxValue);
                record.NextAttemptAt = null;
                record.LastError = null;
                break;
            case AttemptOutcome.TransientFailure when RetryPolicy.MayRetry(record.Attempts, maxRetries):
                record.Status = RecordStatus.Pending;
                record.NextAttemptAt = now + RetryPolicy.Delay(record.Attempts, Random.Shared);
                record.LastError = Truncate(outcome.Error);
                break;
            default:
                record.Status = RecordStatus.Failed;
                record.NextAttemptAt = null;
                record.LastError = Truncate(outcome.Error);
                break;
        }
    }

    private static string? Truncate(string? text) => text is { Length: > 4000 } ? text[..3999] + "…" : text;
}

using System.Globalization;
using Hangfire;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BridgePortal.Connectors.AtHoc;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// A drop folder of duty-status CSV files, polled by the engine's per-bridge recurring job (every minute by default).
/// <para>
/// How a batch maps onto the engine: every complete file present is parsed, all of them together form one batch,
/// and the latest timestamp wins per employee across them. Each winning row becomes one record (natural id =
/// employee id + timestamp, module = the batch, payload = a <see cref="DutyChange"/> carrying the batch number, so a
/// batch re-read after a failure makes the same records Pending again). The records and the cursor naming the
/// batch's files by content hash are committed in one transaction; the dispatcher then delivers them to AtHoc in
/// chunks like any other records (retries, failed page, leases). A later run finds the batch closed once none of its
/// records is Pending or Delivering: all Delivered → AtHoc confirmed, files move to <c>processed/</c>; any failed →
/// every file stays for the next run. A crash at any step leaves either the old cursor (the files are simply read
/// again) or the open batch (its outcome is read again from the records); a file is moved only if it still holds
/// the content that was sent, and the log is written per (batch, file) so repeating a step changes nothing.
/// </para>
/// Employees without an AtHoc mapping and bad rows are reported in the processing log and never block the others.
/// </summary>
public sealed class CsvDropSource(
    CsvDropFolder folders, IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider clock, ILogger<CsvDropSource> logger) : IPollingSource
{
    public const string SourceKind = "CsvDrop";

    public string Kind => SourceKind;

    public async IAsyncEnumerable<SourcePage> PollAsync(SourceContext context, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = CsvDropCursor.Parse(cursor);
        var folder = folders.Resolve(context.Bridge);
        var parser = new CsvDutyParser(context.Settings);
        for (var step = 0; step < 3; step++)
        {
            if (state.Open)
            {
                var verdict = await VerdictAsync(context.Bridge.Id, state, cancellationToken);
                if (verdict is null)
                {
                    yield break; // still being delivered
                }

                await FinishAsync(context.Bridge.Id, folder, parser, state, verdict, cancellationToken);
                state = state with { Open = false };
                yield return new SourcePage([], state.ToJson());
                if (!verdict.Settles)
                {
                    yield break; // the kept files are read again at the next run
                }

                continue;
            }

            var files = await folders.CollectAsync(folder, CsvDropSettings.Get(context.Settings, CsvDropSettings.FilePattern, CsvDropSettings.DefaultPattern),
                CsvDropSettings.Settle(context.Settings), cancellationToken);
            var parsed = files.Select(f => (File: f, Parsed: parser.Parse(f.Name, f.Content))).ToList();
            var unreadable = parsed.Where(p => p.Parsed.Unreadable is not null).ToList();
            var reported = await ReportUnreadableAsync(context.Bridge.Id, state, unreadable, cancellationToken);
            var readable = parsed.Where(p => p.Parsed.Unreadable is null).ToList();
            if (readable.Count == 0)
            {
                if (reported is not null)
                {
                    yield return new SourcePage([], (state with { Unreadable = reported }).ToJson());
                }

                yield break;
            }

            var batch = state.Batch + 1;
            var latest = CsvDutyParser.Latest(readable.SelectMany(p => p.Parsed.Rows));
            var mappings = await MappingsAsync(context.Bridge, latest.Select(r => r.EmployeeId), cancellationToken);
            var records = new List<InboundRecord>(latest.Count);
            var unmapped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in latest)
            {
                string? username = null;
                if (mappings is not null && !mappings.TryGetValue(row.EmployeeId, out username))
                {
                    unmapped.Add(row.EmployeeId);
                    continue;
                }

                var change = new DutyChange(row.EmployeeId, username, row.OnDuty, row.Timestamp, row.File, row.Line);
                var payload = JsonSerializer.Serialize(new { batch, change.EmployeeId, change.Username, change.OnDuty, change.Timestamp, change.File, change.Line }, AtHocSink.Json);
                records.Add(new InboundRecord($"{row.EmployeeId}@{row.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}", payload, CsvDropCursor.ModuleOf(batch)));
            }

            await LogBatchAsync(context.Bridge.Id, batch, readable.Select(p => p.Parsed).ToList(), unmapped, cancellationToken);
            if (unmapped.Count > 0)
            {
                logger.LogWarning("CSV batch {Batch} of bridge {BridgeId}: {Count} employee(s) have no AtHoc mapping: {Employees}",
                    batch, context.Bridge.Id, unmapped.Count, string.Join(", ", unmapped.Take(20)));
            }

            logger.LogInformation("CSV batch {Batch} of bridge {BridgeId}: {Files} file(s), {Records} duty update(s)", batch, context.Bridge.Id, readable.Count, records.Count);
            state = new CsvDropCursor(batch, true, [.. readable.Select(p => new CsvDropCursor.BatchFile(p.File.Name, p.File.Sha256))], reported ?? state.Unreadable);
            yield return new SourcePage(records, state.ToJson());

            // Delivery usually takes moments: look for AtHoc's confirmation soon rather than at the next scheduled poll.
            var bridgeId = context.Bridge.Id;
            jobs.Schedule<BridgePortal.Engine.Jobs.PollBridgeJob>(j => j.RunAsync(bridgeId, CancellationToken.None), TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>
    /// <see cref="Settles"/>: the files move. They stay only when AtHoc looked unreachable for the whole batch (nothing
    /// delivered, and some record gave up on transient failures), so the next run sends the batch again. A record AtHoc
    /// refuses, or one that fails while others get through, is undeliverable on its own: it stays Failed (with its
    /// reason, retryable) and never holds the batch open, so the good rows are not re-sent at every run.
    /// </summary>
    private sealed record Verdict(IReadOnlyDictionary<string, string?> Failed, HashSet<string> Delivered, bool Settles);

    /// <summary>Null while any record of the batch is Pending or Delivering; else which employees were delivered and which failed.</summary>
    private async Task<Verdict?> VerdictAsync(Guid bridgeId, CsvDropCursor state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var module = state.Module;
        var records = await db.Records.AsNoTracking().Where(r => r.BridgeId == bridgeId && r.Module == module)
            .Select(r => new { r.Id, r.NaturalId, r.Status, r.LastError }).ToListAsync(cancellationToken);
        if (records.Any(r => r.Status is RecordStatus.Pending or RecordStatus.Delivering))
        {
            return null;
        }

        var failed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var delivered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in records)
        {
            var employee = r.NaturalId[..Math.Max(0, r.NaturalId.LastIndexOf('@'))];
            if (r.Status == RecordStatus.Delivered)
            {
                delivered.Add(employee);
            }
            else
            {
                failed[employee] = r.LastError;
            }
        }

        var failedIds = records.Where(r => r.Status is RecordStatus.Failed or RecordStatus.DeadLettered).Select(r => r.Id).ToList();
        var gaveUp = false;
        if (delivered.Count == 0 && failedIds.Count > 0)
        {
            var attempts = await db.Attempts.AsNoTracking().Where(a => failedIds.Contains(a.RecordId))
                .Select(a => new { a.Id, a.RecordId, a.Outcome }).ToListAsync(cancellationToken);
            gaveUp = attempts.GroupBy(a => a.RecordId).Any(g => g.MaxBy(a => a.Id)!.Outcome != AttemptOutcome.PermanentFailure);
        }

        return new Verdict(failed, delivered, !gaveUp);
    }

    private async Task FinishAsync(Guid bridgeId, string folder, CsvDutyParser parser, CsvDropCursor state, Verdict verdict, CancellationToken cancellationToken)
    {
        var success = verdict.Settles;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var entries = await db.Set<CsvDropLogEntry>().Where(l => l.BridgeId == bridgeId && l.Batch == state.Batch).ToDictionaryAsync(l => l.FileName, cancellationToken);
        foreach (var file in state.Files)
        {
            var path = Path.Combine(folder, file.Name);
            var content = File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
            var same = content is not null && CsvDropFolder.Hash(content) == file.Sha256;
            if (!entries.TryGetValue(file.Name, out var entry))
            {
                entry = new CsvDropLogEntry { BridgeId = bridgeId, Batch = state.Batch, FileName = file.Name, CollectedAt = now };
                db.Add(entry);
            }

            if (same)
            {
                var parsed = parser.Parse(file.Name, content!);
                var failures = parsed.Rows.Where(r => verdict.Failed.ContainsKey(r.EmployeeId)).ToList();
                entry.Entries = parsed.Entries;
                entry.Successes = parsed.Rows.Count(r => verdict.Delivered.Contains(r.EmployeeId));
                entry.Errors = parsed.Entries - entry.Successes;
                entry.Details = Truncate(string.Join('\n', new[] { entry.Details }.OfType<string>()
                    .Concat(failures.Select(r => $"{r.File} line {r.Line}: AtHoc did not confirm {r.EmployeeId}: {verdict.Failed[r.EmployeeId]}"))), 8000);
            }

            if (success)
            {
                entry.MovedTo = same ? await CsvDropFolder.MoveToProcessedAsync(folder, file.Name, file.Sha256, now, cancellationToken) : entry.MovedTo;
                entry.Outcome = CsvDropOutcome.Processed;
                entry.ProcessedAt ??= now;
            }
            else
            {
                entry.Outcome = CsvDropOutcome.Kept;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("CSV batch {Batch} of bridge {BridgeId} {Outcome}: {Files} file(s)", state.Batch, bridgeId,
            !success ? $"not confirmed ({verdict.Failed.Count} failed), files kept"
            : verdict.Failed.Count > 0 ? $"settled with {verdict.Failed.Count} undeliverable row(s) left Failed, files moved to processed/"
            : "confirmed, files moved to processed/", state.Files.Count);
    }

    /// <summary>Employee id → username from the mapping table of the bridge's AtHoc sink connection; null when the sink is not AtHoc.</summary>
    private async Task<Dictionary<string, string>?> MappingsAsync(Bridge bridge, IEnumerable<string> employees, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        if (bridge.SinkConnectionId is not { } connectionId || !await db.Connections.AnyAsync(c => c.Id == connectionId && c.Kind == AtHocConnectionKind.Kind, cancellationToken))
        {
            return null;
        }

        var wanted = employees.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rows = await db.Set<AtHocUserMapping>().AsNoTracking().Where(m => m.ConnectionId == connectionId)
            .Select(m => new { m.EmployeeId, m.Username }).ToListAsync(cancellationToken);
        return rows.Where(r => wanted.Contains(r.EmployeeId)).ToDictionary(r => r.EmployeeId, r => r.Username, StringComparer.OrdinalIgnoreCase);
    }

    private async Task LogBatchAsync(Guid bridgeId, int batch, List<ParsedFile> files, HashSet<string> unmapped, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        await db.Set<CsvDropLogEntry>().Where(l => l.BridgeId == bridgeId && l.Batch == batch).ExecuteDeleteAsync(cancellationToken);
        foreach (var file in files)
        {
            var fileUnmapped = file.Rows.Where(r => unmapped.Contains(r.EmployeeId)).ToList();
            var problems = file.Problems.Select(p => p.ToString())
                .Concat(fileUnmapped.Select(r => $"{r.File} line {r.Line}: employee {r.EmployeeId} has no AtHoc mapping"));
            foreach (var problem in file.Problems)
            {
                logger.LogWarning("CSV bridge {BridgeId}: {Problem}", bridgeId, problem.ToString());
            }

            db.Add(new CsvDropLogEntry
            {
                BridgeId = bridgeId,
                Batch = batch,
                FileName = file.File,
                CollectedAt = now,
                Entries = file.Entries,
                Errors = file.Problems.Count + fileUnmapped.Count,
                Outcome = CsvDropOutcome.Sending,
                Details = Truncate(string.Join('\n', problems), 8000),
                Unmapped = Truncate(string.Join(",", fileUnmapped.Select(r => r.EmployeeId).Distinct(StringComparer.OrdinalIgnoreCase)), 4000),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Logs each unreadable file once per content (name + size + time); returns the new set of reported ones, or null if unchanged.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> ReportUnreadableAsync(
        Guid bridgeId, CsvDropCursor state, List<(DropFile File, ParsedFile Parsed)> unreadable, CancellationToken cancellationToken)
    {
        var known = state.Unreadable ?? new Dictionary<string, string>();
        var fresh = unreadable.Where(u => known.GetValueOrDefault(u.File.Name) != u.File.Sha256).ToList();
        var current = unreadable.ToDictionary(u => u.File.Name, u => u.File.Sha256);
        if (fresh.Count == 0)
        {
            return current.Count == known.Count ? null : current;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var names = fresh.Select(f => f.File.Name).ToList();
        var rows = await db.Set<CsvDropLogEntry>().Where(l => l.BridgeId == bridgeId && l.Batch == 0 && names.Contains(l.FileName)).ToDictionaryAsync(l => l.FileName, cancellationToken);
        foreach (var (file, parsed) in fresh)
        {
            logger.LogWarning("CSV bridge {BridgeId}: {File} is unreadable and stays in the drop folder: {Reason}", bridgeId, file.Name, parsed.Unreadable);
            if (!rows.TryGetValue(file.Name, out var entry))
            {
                entry = new CsvDropLogEntry { BridgeId = bridgeId, Batch = 0, FileName = file.Name };
                db.Add(entry);
            }

            entry.CollectedAt = now;
            entry.Entries = parsed.Entries;
            entry.Errors = 1;
            entry.Outcome = CsvDropOutcome.Unreadable;
            entry.Details = Truncate($"{file.Name}: {parsed.Unreadable}", 8000);
        }

        await db.SaveChangesAsync(cancellationToken);
        return current;
    }

    // NUL never reaches a text column: PostgreSQL refuses it (22021) and the whole log write would fail.
    private static string? Truncate(string? text, int max) =>
        string.IsNullOrEmpty(text) ? null : (text.Length > max ? text[..(max - 1)] + "…" : text).Replace('\0', '?');
}

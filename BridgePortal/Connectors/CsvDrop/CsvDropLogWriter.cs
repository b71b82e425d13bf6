using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>The processing log rows written while collecting: a new batch's files, and unreadable files (batch 0).</summary>
public sealed class CsvDropLogWriter(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CsvDropLogWriter> logger)
{
    /// <summary>One Sending row per file of <paramref name="batch"/> (replacing any from an earlier try), with its bad rows and unmapped employees.</summary>
    public async Task LogBatchAsync(Guid bridgeId, int batch, List<ParsedFile> files, HashSet<string> unmapped, CancellationToken cancellationToken)
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
                Details = CsvDropText.Truncate(string.Join('\n', problems), 8000),
                Unmapped = CsvDropText.Truncate(string.Join(",", fileUnmapped.Select(r => r.EmployeeId).Distinct(StringComparer.OrdinalIgnoreCase)), 4000),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Logs each unreadable file once per content (name + size + time); returns the new set of reported ones, or null if unchanged.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> ReportUnreadableAsync(
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
            entry.Details = CsvDropText.Truncate($"{file.Name}: {parsed.Unreadable}", 8000);
        }

        await db.SaveChangesAsync(cancellationToken);
        return current;
    }
}

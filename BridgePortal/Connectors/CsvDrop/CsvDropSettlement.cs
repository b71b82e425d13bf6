using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// Finishes a settled batch: per file, the log row gets its successes and AtHoc's reasons, and the file moves to
/// <c>processed/</c> when the batch settles (only if it still holds the content that was sent) or is kept.
/// </summary>
public sealed class CsvDropSettlement(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CsvDropSettlement> logger)
{
    public async Task FinishAsync(Guid bridgeId, string folder, CsvDutyParser parser, CsvDropCursor state, CsvDropVerdict verdict, CancellationToken cancellationToken)
    {
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
                Count(entry, parser.Parse(file.Name, content!), verdict);
            }

            if (verdict.Settles)
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
            !verdict.Settles ? $"not confirmed ({verdict.Failed.Count} failed), files kept"
            : verdict.Failed.Count > 0 ? $"settled with {verdict.Failed.Count} undeliverable row(s) left Failed, files moved to processed/"
            : "confirmed, files moved to processed/", state.Files.Count);
    }

    private static void Count(CsvDropLogEntry entry, ParsedFile parsed, CsvDropVerdict verdict)
    {
        var failures = parsed.Rows.Where(r => verdict.Failed.ContainsKey(r.EmployeeId)).ToList();
        entry.Entries = parsed.Entries;
        entry.Successes = parsed.Rows.Count(r => verdict.Delivered.Contains(r.EmployeeId));
        entry.Errors = parsed.Entries - entry.Successes;
        entry.Details = CsvDropText.Truncate(string.Join('\n', new[] { entry.Details }.OfType<string>()
            .Concat(failures.Select(r => $"{r.File} line {r.Line}: AtHoc did not confirm {r.EmployeeId}: {verdict.Failed[r.EmployeeId]}"))), 8000);
    }
}

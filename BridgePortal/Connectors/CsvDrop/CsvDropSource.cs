using System.Globalization;
using System.Text.Json;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.AtHoc;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// A drop folder of duty-status CSV files, polled by the engine's per-bridge recurring job (every minute by default).
/// <para>
/// How a batch maps onto the engine: every complete file present is parsed, all of them together form one batch,
/// and the latest timestamp wins per employee across them. Each winning row becomes one record (natural id =
/// employee id + timestamp, module = the batch, payload = a <see cref="DutyChange"/> carrying the batch number, so a
/// batch re-read after a failure makes the same records Pending again). The records and the cursor naming the
/// batch's files by content hash are committed in one transaction; the dispatcher then delivers them to AtHoc in
/// chunks like any other records (retries, failed page, leases). The engine tells the source once none of the
/// batch's records is Pending or Delivering (<see cref="ISettlingSource"/>): all Delivered → AtHoc confirmed, files
/// move to <c>processed/</c>; AtHoc unreachable for the whole batch → every file stays for the next run (see
/// <see cref="CsvDropVerdict"/>). A crash at any step leaves either the old cursor (the files are simply read again)
/// or the open batch (its outcome is read again from the records); a file is moved only if it still holds the
/// content that was sent, and the log is written per (batch, file) so repeating a step changes nothing.
/// </para>
/// Employees without an AtHoc mapping and bad rows are reported in the processing log and never block the others.
/// </summary>
public sealed class CsvDropSource(
    CsvDropFolder folders, CsvDropLogWriter log, CsvDropSettlement settlement, IEnumerable<ISinkUserDirectory> directories, ILogger<CsvDropSource> logger) : ISettlingSource
{
    public const string SourceKind = "CsvDrop";

    public string Kind => SourceKind;

    public string? OpenBatch(string? cursor) => CsvDropCursor.Parse(cursor) is { Open: true } state ? state.Module : null;

    public async Task<SettledBatch> OnBatchSettledAsync(SourceContext context, string cursor, BatchOutcome outcome, CancellationToken cancellationToken)
    {
        var state = CsvDropCursor.Parse(cursor);
        var verdict = CsvDropVerdict.From(outcome);
        await settlement.FinishAsync(context.Bridge.Id, folders.Resolve(context.Bridge), new CsvDutyParser(context.Settings), state, verdict, cancellationToken);

        // Kept files are read again at the next run, not straight away.
        return new SettledBatch((state with { Open = false }).ToJson(), verdict.Settles);
    }

    public async Task<SourcePage?> CollectAsync(SourceContext context, string? cursor, CancellationToken cancellationToken)
    {
        var state = CsvDropCursor.Parse(cursor);
        var parser = new CsvDutyParser(context.Settings);
        var files = await folders.CollectAsync(folders.Resolve(context.Bridge), CsvDropSettings.Get(context.Settings, CsvDropSettings.FilePattern, CsvDropSettings.DefaultPattern),
            CsvDropSettings.Settle(context.Settings), cancellationToken);
        var parsed = files.Select(f => (File: f, Parsed: parser.Parse(f.Name, f.Content))).ToList();
        var unreadable = parsed.Where(p => p.Parsed.Unreadable is not null).ToList();
        var reported = await log.ReportUnreadableAsync(context.Bridge.Id, state, unreadable, cancellationToken);
        var readable = parsed.Where(p => p.Parsed.Unreadable is null).ToList();
        if (readable.Count == 0)
        {
            return reported is null ? null : new SourcePage([], (state with { Unreadable = reported }).ToJson());
        }

        var batch = state.Batch + 1;
        var latest = CsvDutyParser.Latest(readable.SelectMany(p => p.Parsed.Rows));
        var usernames = await UsernamesAsync(context, latest.Select(r => r.EmployeeId), cancellationToken);
        var unmapped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var records = Records(batch, latest, usernames, unmapped);
        await log.LogBatchAsync(context.Bridge.Id, batch, readable.Select(p => p.Parsed).ToList(), unmapped, cancellationToken);
        if (unmapped.Count > 0)
        {
            logger.LogWarning("CSV batch {Batch} of bridge {BridgeId}: {Count} employee(s) have no AtHoc mapping: {Employees}",
                batch, context.Bridge.Id, unmapped.Count, string.Join(", ", unmapped.Take(20)));
        }

        logger.LogInformation("CSV batch {Batch} of bridge {BridgeId}: {Files} file(s), {Records} duty update(s)", batch, context.Bridge.Id, readable.Count, records.Count);
        var open = new CsvDropCursor(batch, true, [.. readable.Select(p => new CsvDropCursor.BatchFile(p.File.Name, p.File.Sha256))], reported ?? state.Unreadable);
        return new SourcePage(records, open.ToJson());
    }

    /// <summary>One record per winning row; employees the sink's directory does not map are left out and added to <paramref name="unmapped"/>.</summary>
    private static List<InboundRecord> Records(int batch, IReadOnlyList<DutyRow> latest, IReadOnlyDictionary<string, string>? usernames, HashSet<string> unmapped)
    {
        var records = new List<InboundRecord>(latest.Count);
        foreach (var row in latest)
        {
            string? username = null;
            if (usernames is not null && !usernames.TryGetValue(row.EmployeeId, out username))
            {
                unmapped.Add(row.EmployeeId);
                continue;
            }

            var change = new DutyChange(row.EmployeeId, username, row.OnDuty, row.Timestamp, row.File, row.Line);
            var payload = JsonSerializer.Serialize(new { batch, change.EmployeeId, change.Username, change.OnDuty, change.Timestamp, change.File, change.Line }, AtHocSink.Json);
            records.Add(new InboundRecord($"{row.EmployeeId}@{row.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}", payload, CsvDropCursor.ModuleOf(batch)));
        }

        return records;
    }

    /// <summary>Employee id → username from the directory of the bridge's sink (AtHoc's mapping table); null when the sink has none.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> UsernamesAsync(SourceContext context, IEnumerable<string> employees, CancellationToken cancellationToken)
    {
        var wanted = employees.ToList();
        foreach (var directory in directories)
        {
            if (await directory.UsernamesAsync(context.Bridge, wanted, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}

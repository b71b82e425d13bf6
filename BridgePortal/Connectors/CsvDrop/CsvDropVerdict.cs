using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>
/// A settled batch by employee. <see cref="Settles"/>: the files move. They stay only when AtHoc looked unreachable for
/// the whole batch (nothing delivered, and some record gave up on transient failures), so the next run sends the
/// batch again. A record AtHoc refuses, or one that fails while others get through, is undeliverable on its own: it
/// stays Failed (with its reason, retryable) and never holds the batch open, so the good rows are not re-sent at
/// every run.
/// </summary>
public sealed record CsvDropVerdict(IReadOnlyDictionary<string, string?> Failed, HashSet<string> Delivered, bool Settles)
{
    public static CsvDropVerdict From(BatchOutcome outcome)
    {
        var failed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var delivered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in outcome.Delivered)
        {
            delivered.Add(EmployeeOf(id));
        }

        foreach (var record in outcome.Failed)
        {
            failed[EmployeeOf(record.NaturalId)] = record.LastError;
        }

        var gaveUp = delivered.Count == 0 && outcome.Failed.Any(f => f.GaveUpTransient);
        return new CsvDropVerdict(failed, delivered, !gaveUp);
    }

    /// <summary>A record's natural id is <c>{employee}@{timestamp}</c>.</summary>
    private static string EmployeeOf(string naturalId) => naturalId[..Math.Max(0, naturalId.LastIndexOf('@'))];
}

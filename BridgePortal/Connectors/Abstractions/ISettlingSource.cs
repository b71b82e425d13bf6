namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A polling source whose input is only finished once the records it produced are settled (e.g. a drop folder whose
/// files move away only when the sink confirmed them). The engine drives it (<c>Engine.Jobs.SettlingSourcePoller</c>):
/// while <see cref="OpenBatch"/> names a batch it waits until none of that batch's records is Pending or Delivering,
/// hands the source their outcomes, and only then lets it collect the next batch. The source never reads the
/// engine's tables nor schedules the engine's jobs.
/// </summary>
public interface ISettlingSource
{
    /// <summary>The bridge's <c>SourceKind</c> this source serves.</summary>
    string Kind { get; }

    /// <summary>The module of the batch <paramref name="cursor"/> says is sent and not yet settled, or null.</summary>
    string? OpenBatch(string? cursor);

    /// <summary>The open batch's records are all settled: finish it (e.g. move its files) and say what comes next.</summary>
    Task<SettledBatch> OnBatchSettledAsync(SourceContext context, string cursor, BatchOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Reads the next batch; null when there is nothing to store (not even a cursor change).</summary>
    Task<SourcePage?> CollectAsync(SourceContext context, string? cursor, CancellationToken cancellationToken);
}

/// <summary>The cursor after settling, and whether the same poll may go on to collect the next batch.</summary>
public sealed record SettledBatch(string Cursor, bool CollectNext);

using BridgePortal.Data;

namespace BridgePortal.Engine;

/// <summary>One record of a group as the upsert statements take it.</summary>
internal sealed record IntakeRow(Guid BridgeId, string NaturalId, string? Module, string Payload, string Hash);

/// <summary>A row the upsert inserted or changed: its id and new version.</summary>
internal readonly record struct WrittenRow(long Id, int Version);

/// <summary>The provider's SQL for a group commit. Rows of one call have distinct (bridge, natural id).</summary>
internal interface IIntakeStatements
{
    /// <summary>Inserts new rows and updates rows whose content changed; per row, what was written, or null when the content was the same.</summary>
    Task<WrittenRow?[]> UpsertAsync(BridgeDbContext db, IReadOnlyList<IntakeRow> rows, DateTime now, CancellationToken cancellationToken);

    /// <summary>The ids of rows known to exist, in the order given.</summary>
    Task<long[]> FindIdsAsync(BridgeDbContext db, IReadOnlyList<IntakeRow> rows, CancellationToken cancellationToken);
}

internal sealed class IntakeIdRow
{
    public long Id { get; set; }

    public Guid BridgeId { get; set; }

    public string NaturalId { get; set; } = "";

    public int? Version { get; set; }
}

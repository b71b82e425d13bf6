using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>The processing log: one row per file and batch (file, processed at, entries, successes, errors, what happened).</summary>
public sealed class CsvDropLogEntry
{
    public long Id { get; set; }

    public Guid BridgeId { get; set; }

    public int Batch { get; set; }

    public required string FileName { get; set; }

    public DateTime CollectedAt { get; set; }

    /// <summary>When AtHoc confirmed the batch and the file was moved; null while waiting or when kept.</summary>
    public DateTime? ProcessedAt { get; set; }

    public int Entries { get; set; }

    public int Successes { get; set; }

    public int Errors { get; set; }

    public CsvDropOutcome Outcome { get; set; }

    /// <summary>Bad rows, unmapped employees and failed deliveries, one per line (file and line named).</summary>
    public string? Details { get; set; }

    /// <summary>Employee ids without an AtHoc mapping, comma-separated.</summary>
    public string? Unmapped { get; set; }

    /// <summary>Where the file went, relative to the drop folder.</summary>
    public string? MovedTo { get; set; }
}

internal sealed class CsvDropLogEntryConfiguration : IEntityTypeConfiguration<CsvDropLogEntry>
{
    public void Configure(EntityTypeBuilder<CsvDropLogEntry> e)
    {
        e.ToTable("CsvDropLog");
        e.Property(l => l.FileName).HasMaxLength(400);
        e.Property(l => l.Outcome).HasConversion<string>().HasMaxLength(16);
        e.Property(l => l.Details).HasMaxLength(8000);
        e.Property(l => l.Unmapped).HasMaxLength(4000);
        e.Property(l => l.MovedTo).HasMaxLength(600);
        e.HasOne<Bridge>().WithMany().HasForeignKey(l => l.BridgeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(l => new { l.BridgeId, l.Batch, l.FileName }).IsUnique();
        e.HasIndex(l => new { l.BridgeId, l.CollectedAt });
    }
}

using BridgePortal.Engine.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

internal sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> e)
    {
        e.ToTable("Connections");
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.OwnerId).HasMaxLength(450);
        e.Property(c => c.LastTestMessage).HasMaxLength(2000);
        e.HasIndex(c => new { c.OwnerId, c.Name }).IsUnique();
    }
}

internal sealed class BridgeConfiguration : IEntityTypeConfiguration<Bridge>
{
    public void Configure(EntityTypeBuilder<Bridge> e)
    {
        e.ToTable("Bridges");
        e.Property(b => b.Name).HasMaxLength(200);
        e.Property(b => b.Key).HasMaxLength(64);
        e.Property(b => b.OwnerId).HasMaxLength(450);
        e.Property(b => b.SourceKind).HasMaxLength(32);
        e.Property(b => b.SinkKind).HasMaxLength(32);
        e.Property(b => b.IngestTokenHash).HasMaxLength(64);
        e.Property(b => b.State).HasConversion<string>().HasMaxLength(16);
        e.Property(b => b.LastPollError).HasMaxLength(2000);
        e.HasIndex(b => b.Key).IsUnique();
        e.HasIndex(b => b.OwnerId);
        e.HasOne(b => b.SourceConnection).WithMany().HasForeignKey(b => b.SourceConnectionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(b => b.SinkConnection).WithMany().HasForeignKey(b => b.SinkConnectionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RecordConfiguration : IEntityTypeConfiguration<Record>
{
    public void Configure(EntityTypeBuilder<Record> e)
    {
        e.ToTable("Records");
        e.Property(r => r.NaturalId).HasMaxLength(400);
        e.Property(r => r.Module).HasMaxLength(200);
        e.Property(r => r.ContentHash).HasMaxLength(64);
        e.Property(r => r.LastError).HasMaxLength(4000);
        e.Property(r => r.Version).IsConcurrencyToken();
        e.HasOne<Bridge>().WithMany().HasForeignKey(r => r.BridgeId).OnDelete(DeleteBehavior.Cascade);

        // Idempotency: one row per natural id and bridge.
        e.HasIndex(r => new { r.BridgeId, r.NaturalId }).IsUnique();

        // Claims (Pending by intake order), the failed page and the bridge's record list (by status).
        e.HasIndex(r => new { r.BridgeId, r.Status, r.Id });

        // Retry-due scans and lease reclaims across bridges.
        e.HasIndex(r => new { r.Status, r.NextAttemptAt });
        e.HasIndex(r => new { r.Status, r.LeaseUntil });

        // Dashboard windows, clean-up of old delivered payloads.
        e.HasIndex(r => new { r.Status, r.DeliveredAt });
        e.HasIndex(r => r.ReceivedAt);
    }
}

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> e)
    {
        e.ToTable("Attempts");
        e.Property(a => a.Error).HasMaxLength(4000);
        e.HasOne<Record>().WithMany().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => a.RecordId);
        e.HasIndex(a => a.StartedAt);
        e.HasIndex(a => new { a.BridgeId, a.StartedAt });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditEntries");
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.TargetType).HasMaxLength(64);
        e.Property(a => a.TargetId).HasMaxLength(200);
        e.Property(a => a.UserName).HasMaxLength(256);
        e.Property(a => a.Detail).HasMaxLength(4000);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.BridgeId, a.At });
    }
}

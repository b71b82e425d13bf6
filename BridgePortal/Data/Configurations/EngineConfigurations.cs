using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

internal sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> e)
    {
        e.ToTable("Connections");
        e.Property(c => c.Kind).HasConversion(k => k.Name, name => new ConnectionKind(name)).HasMaxLength(32);
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
        e.Property(b => b.PauseReason).HasMaxLength(500);
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

        // Only the rows that need them are in the engine's indexes: a delivered record leaves them (partial
        // indexes; the status values are literals so that prepared claims still match the predicates).
        // Claims: new records by intake order, and retries by when they are due.
        e.HasIndex(r => new { r.BridgeId, r.Id }, "IX_Records_Claim_New").HasFilter("\"Status\" = 0 AND \"NextAttemptAt\" IS NULL");
        e.HasIndex(r => new { r.BridgeId, r.NextAttemptAt }, "IX_Records_Claim_Retry").HasFilter("\"Status\" = 0 AND \"NextAttemptAt\" IS NOT NULL");

        // Lease reclaims.
        e.HasIndex(r => r.LeaseUntil, "IX_Records_Leases").HasFilter("\"Status\" = 1");

        // The Failed page and the bridge's lists of failed, dead-lettered and discarded records.
        e.HasIndex(r => new { r.BridgeId, r.Status, r.Id }, "IX_Records_Settled").HasFilter("\"Status\" >= 3");

        // Dashboard windows, clean-up of old delivered payloads.
        e.HasIndex(r => r.DeliveredAt, "IX_Records_Delivered").HasFilter("\"DeliveredAt\" IS NOT NULL");
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

internal sealed class EngineInstanceConfiguration : IEntityTypeConfiguration<EngineInstance>
{
    public void Configure(EntityTypeBuilder<EngineInstance> e)
    {
        e.ToTable("EngineInstances");
        e.Property(i => i.Host).HasMaxLength(200);
    }
}

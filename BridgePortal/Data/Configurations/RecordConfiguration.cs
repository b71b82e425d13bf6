using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

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

using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

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

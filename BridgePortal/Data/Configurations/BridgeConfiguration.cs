using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

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

using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

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

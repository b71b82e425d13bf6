using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

internal sealed class BridgeRateSlotConfiguration : IEntityTypeConfiguration<BridgeRateSlot>
{
    public void Configure(EntityTypeBuilder<BridgeRateSlot> e)
    {
        e.ToTable("BridgeRateSlots");
        e.HasKey(s => s.BridgeId);
        e.HasOne<Bridge>().WithMany().HasForeignKey(s => s.BridgeId).OnDelete(DeleteBehavior.Cascade);
    }
}

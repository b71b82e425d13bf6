using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

internal sealed class EngineInstanceConfiguration : IEntityTypeConfiguration<EngineInstance>
{
    public void Configure(EntityTypeBuilder<EngineInstance> e)
    {
        e.ToTable("EngineInstances");
        e.Property(i => i.Host).HasMaxLength(200);
    }
}

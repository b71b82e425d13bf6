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

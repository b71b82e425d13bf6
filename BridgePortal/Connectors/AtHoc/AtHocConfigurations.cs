using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Connectors.AtHoc;

internal sealed class AtHocUserMappingConfiguration : IEntityTypeConfiguration<AtHocUserMapping>
{
    public void Configure(EntityTypeBuilder<AtHocUserMapping> e)
    {
        e.ToTable("AtHocUserMappings");
        e.Property(m => m.EmployeeId).HasMaxLength(200);
        e.Property(m => m.Username).HasMaxLength(400);
        e.Property(m => m.CollarId).HasMaxLength(200);
        e.HasOne<Connection>().WithMany().HasForeignKey(m => m.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(m => new { m.ConnectionId, m.EmployeeId }).IsUnique();
        e.HasIndex(m => new { m.ConnectionId, m.Username });
    }
}

internal sealed class AtHocMappingSyncStateConfiguration : IEntityTypeConfiguration<AtHocMappingSyncState>
{
    public void Configure(EntityTypeBuilder<AtHocMappingSyncState> e)
    {
        e.ToTable("AtHocMappingSyncStates");
        e.HasKey(s => s.ConnectionId);
        e.Property(s => s.LastType).HasMaxLength(16);
        e.Property(s => s.LastStatus).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.LastMessage).HasMaxLength(2000);
        e.HasOne<Connection>().WithMany().HasForeignKey(s => s.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AtHocDutyStateConfiguration : IEntityTypeConfiguration<AtHocDutyState>
{
    public void Configure(EntityTypeBuilder<AtHocDutyState> e)
    {
        e.ToTable("AtHocDutyStates");
        e.Property(s => s.Username).HasMaxLength(400);
        e.Property(s => s.EmployeeId).HasMaxLength(200);
        e.HasOne<Bridge>().WithMany().HasForeignKey(s => s.BridgeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.BridgeId, s.Username }).IsUnique();
        e.HasIndex(s => new { s.BridgeId, s.OnDuty, s.ClearedAt, s.DutyTimestamp });
    }
}

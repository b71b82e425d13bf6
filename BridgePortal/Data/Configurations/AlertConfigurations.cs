using BridgePortal.Data.Model.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Data.Configurations;

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public void Configure(EntityTypeBuilder<AlertChannel> e)
    {
        e.ToTable("AlertChannels");
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        e.HasIndex(c => c.Name).IsUnique();
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> e)
    {
        e.ToTable("AlertRules");
        e.Property(r => r.Name).HasMaxLength(200);
        e.Property(r => r.Kind).HasMaxLength(64);
        e.HasOne(r => r.Channel).WithMany().HasForeignKey(r => r.ChannelId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => r.BridgeId);
    }
}

internal sealed class AlertIncidentConfiguration : IEntityTypeConfiguration<AlertIncident>
{
    public void Configure(EntityTypeBuilder<AlertIncident> e)
    {
        e.ToTable("AlertIncidents");
        e.Property(i => i.SubjectKey).HasMaxLength(100);
        e.Property(i => i.Summary).HasMaxLength(2000);
        e.Property(i => i.NotifyError).HasMaxLength(2000);
        e.HasOne(i => i.Rule).WithMany().HasForeignKey(i => i.RuleId).OnDelete(DeleteBehavior.Cascade);

        // Fire once per incident: two evaluations (or instances) cannot both open one for the same subject.
        e.HasIndex(i => new { i.RuleId, i.SubjectKey }).IsUnique().HasFilter("\"ResolvedAt\" IS NULL");
        e.HasIndex(i => i.OpenedAt);
    }
}

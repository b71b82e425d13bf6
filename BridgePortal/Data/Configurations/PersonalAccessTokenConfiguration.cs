using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using BridgePortal.Data.Model;

namespace BridgePortal.Data.Configurations;

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> e)
    {
        e.ToTable("PersonalAccessTokens");
        e.Property(t => t.UserId).HasMaxLength(450);
        e.Property(t => t.Name).HasMaxLength(100);
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.Property(t => t.Prefix).HasMaxLength(16);
        e.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);

        // Every API request looks its token up by hash.
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasIndex(t => t.UserId);
    }
}

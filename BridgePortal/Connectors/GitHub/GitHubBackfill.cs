using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BridgePortal.Connectors.GitHub;

/// <summary>One back-fill run of a GitHub webhook bridge, with its progress (updated after every page) and outcome.</summary>
public sealed class GitHubBackfill
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid BridgeId { get; set; }

    public required string Repository { get; set; }

    /// <summary>Commits and issues changed since this time are listed.</summary>
    public DateTime Since { get; set; }

    public GitHubBackfillStatus Status { get; set; }

    public string? StartedBy { get; set; }

    /// <summary>What is being listed: <c>commits</c>, then <c>issues</c>.</summary>
    public string? Phase { get; set; }

    /// <summary>Pages read in the current phase, and the phase's page count (from <c>rel="last"</c>; null when unknown).</summary>
    public int PhasePages { get; set; }

    public int? PhaseLastPage { get; set; }

    public int Pages { get; set; }

    public int Commits { get; set; }

    public int Issues { get; set; }

    /// <summary>Pull requests of the issue list (not back-filled: see docs/webhook-documents.md).</summary>
    public int PullRequests { get; set; }

    /// <summary>Documents stored by this run (new natural ids).</summary>
    public int Stored { get; set; }

    /// <summary>Documents the bridge already had (from webhooks or an earlier back-fill), left as they are.</summary>
    public int AlreadyStored { get; set; }

    public int RateLimitWaits { get; set; }

    /// <summary>Set while the run waits for GitHub's rate limit to reset.</summary>
    public DateTime? WaitingUntil { get; set; }

    public bool CancelRequested { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The run's heartbeat: a Running run not updated for long is taken as interrupted.</summary>
    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public bool Active => Status is GitHubBackfillStatus.Queued or GitHubBackfillStatus.Running;
}

internal sealed class GitHubBackfillConfiguration : IEntityTypeConfiguration<GitHubBackfill>
{
    public void Configure(EntityTypeBuilder<GitHubBackfill> e)
    {
        e.ToTable("GitHubBackfills");
        e.Property(b => b.Repository).HasMaxLength(200);
        e.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(b => b.StartedBy).HasMaxLength(256);
        e.Property(b => b.Phase).HasMaxLength(16);
        e.Property(b => b.Error).HasMaxLength(2000);
        e.HasOne<Bridge>().WithMany().HasForeignKey(b => b.BridgeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(b => new { b.BridgeId, b.CreatedAt });

        // One back-fill per bridge at a time, across instances.
        e.HasIndex(b => b.BridgeId).IsUnique().HasFilter("\"Status\" IN ('Queued', 'Running')").HasDatabaseName("IX_GitHubBackfills_OneActivePerBridge");
    }
}

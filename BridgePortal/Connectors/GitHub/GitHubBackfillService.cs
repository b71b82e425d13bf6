using System.Globalization;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Connectors.GitHub;

/// <summary>Starts, cancels and reports the back-fills of GitHub webhook bridges (one at a time per bridge), with the actor's rights and an audit entry.</summary>
public sealed class GitHubBackfillService(
    BridgeDbContext db,
    BridgeService bridges,
    IBackgroundJobClient jobs,
    GitHubBackfillCancellations cancellations,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>A run that has not moved for this long (its instance died) no longer blocks a new one.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    public static bool Applies(Bridge bridge) => bridge.SourceKind == GitHubWebhookReceiver.SourceKindName;

    /// <summary>What the bridge lacks for a back-fill, or null when it can run one.</summary>
    public static string? NotReady(Bridge bridge)
    {
        var settings = SettingsJson.Read(bridge.SourceSettingsJson);
        return bridge.SourceConnectionId is null ? "Edit the bridge and choose a GitHub source connection (its token lists the repository)."
            : GitHubSettings.ParseRepository(settings.GetValueOrDefault(GitHubSettings.Repository)) is null ? "Edit the bridge and set its back-fill repository (owner/name)."
            : string.IsNullOrWhiteSpace(settings.GetValueOrDefault(GitHubSettings.Prj)) ? "Edit the bridge and set its back-fill prj (the prj of its webhook URL)."
            : null;
    }

    /// <summary>The bridge's latest back-fill, if any.</summary>
    public async Task<GitHubBackfill?> LatestAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        await bridges.GetAsync(actor, bridgeId, cancellationToken);
        return await db.Set<GitHubBackfill>().AsNoTracking().Where(b => b.BridgeId == bridgeId)
            .OrderByDescending(b => b.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Queues a back-fill of what changed since <paramref name="since"/>; returns it, or why it cannot start.</summary>
    public async Task<(GitHubBackfill? Run, string? Error)> StartAsync(Actor actor, Guid bridgeId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var bridge = await ChangeableAsync(actor, bridgeId, cancellationToken);
        if (!Applies(bridge))
        {
            return (null, "Only GitHub webhook bridges can be back-filled.");
        }

        if (NotReady(bridge) is { } missing)
        {
            return (null, missing);
        }

        var now = clock.GetUtcNow();
        if (since > now)
        {
            return (null, "The back-fill date is in the future.");
        }

        var stale = (now - StaleAfter).UtcDateTime;
        await db.Set<GitHubBackfill>()
            .Where(b => b.BridgeId == bridgeId && (b.Status == GitHubBackfillStatus.Queued || b.Status == GitHubBackfillStatus.Running) && b.UpdatedAt < stale)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, GitHubBackfillStatus.Failed)
                .SetProperty(b => b.Error, "Interrupted: no progress for 10 minutes (the instance running it stopped).")
                .SetProperty(b => b.FinishedAt, now.UtcDateTime), cancellationToken);
        if (await db.Set<GitHubBackfill>().AnyAsync(b => b.BridgeId == bridgeId && (b.Status == GitHubBackfillStatus.Queued || b.Status == GitHubBackfillStatus.Running), cancellationToken))
        {
            return (null, "A back-fill of this bridge is already running: wait for it or cancel it.");
        }

        var run = new GitHubBackfill
        {
            BridgeId = bridgeId,
            Repository = SettingsJson.Read(bridge.SourceSettingsJson)[GitHubSettings.Repository].Trim(),
            Since = since.UtcDateTime,
            Status = GitHubBackfillStatus.Queued,
            StartedBy = actor.User.Identity?.Name,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request (or instance) started one between the check and the insert: the unique index said no.
            db.Entry(run).State = EntityState.Detached;
            return (null, "A back-fill of this bridge is already running: wait for it or cancel it.");
        }

        await audit.WriteAsync(actor.User, "bridge.backfill", "Bridge", bridgeId.ToString(), bridgeId,
            $"'{bridge.Name}' back-fill of {run.Repository} since {run.Since.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC", cancellationToken);
        jobs.Enqueue<GitHubBackfillJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        return (run, null);
    }

    /// <summary>Asks the bridge's running back-fill to stop (at once in this instance, after its current page elsewhere); false when none runs.</summary>
    public async Task<bool> CancelAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await ChangeableAsync(actor, bridgeId, cancellationToken);
        var run = await db.Set<GitHubBackfill>().AsNoTracking()
            .Where(b => b.BridgeId == bridgeId && (b.Status == GitHubBackfillStatus.Queued || b.Status == GitHubBackfillStatus.Running))
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<GitHubBackfill>().Where(b => b.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.CancelRequested, true), cancellationToken);

        // Not started yet: it never will (the job only takes a Queued run).
        await db.Set<GitHubBackfill>().Where(b => b.Id == run.Id && b.Status == GitHubBackfillStatus.Queued).ExecuteUpdateAsync(
            s => s.SetProperty(b => b.Status, GitHubBackfillStatus.Cancelled).SetProperty(b => b.FinishedAt, now).SetProperty(b => b.UpdatedAt, now), cancellationToken);
        cancellations.Cancel(run.Id);
        await audit.WriteAsync(actor.User, "bridge.backfill.cancel", "Bridge", bridgeId.ToString(), bridgeId, $"'{bridge.Name}' back-fill of {run.Repository} cancelled", cancellationToken);
        return true;
    }

    private async Task<Bridge> ChangeableAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await bridges.GetAsync(actor, bridgeId, cancellationToken);
        return actor.CanChange(bridge.OwnerId) ? bridge : throw new AccessDeniedException("You may not back-fill this bridge.");
    }
}

using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Engine.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Connectors.CsvDrop;

/// <summary>What the bridge page shows and does for a CSV drop bridge: the processing log, unmapped employees, uploads.</summary>
public sealed class CsvDropService(
    BridgeDbContext db, BridgeService bridges, CsvDropFolder folders, PollScheduler polls, AuditLog audit, IOptions<CsvDropOptions> options)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<IReadOnlyList<CsvDropLogEntry>> LogAsync(Actor actor, Guid bridgeId, int take, CancellationToken cancellationToken)
    {
        await bridges.GetAsync(actor, bridgeId, cancellationToken);
        return await db.Set<CsvDropLogEntry>().AsNoTracking().Where(l => l.BridgeId == bridgeId)
            .OrderByDescending(l => l.CollectedAt).ThenByDescending(l => l.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Employee ids without a mapping in the latest batch (they were skipped, the others were sent).</summary>
    public async Task<IReadOnlyList<string>> UnmappedAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        await bridges.GetAsync(actor, bridgeId, cancellationToken);
        var latest = await db.Set<CsvDropLogEntry>().Where(l => l.BridgeId == bridgeId && l.Batch > 0).MaxAsync(l => (int?)l.Batch, cancellationToken);
        if (latest is null)
        {
            return [];
        }

        var lists = await db.Set<CsvDropLogEntry>().Where(l => l.BridgeId == bridgeId && l.Batch == latest && l.Unmapped != null).Select(l => l.Unmapped!).ToListAsync(cancellationToken);
        return [.. lists.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
    }

    public async Task<string> FolderAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken) =>
        folders.Resolve(await bridges.GetAsync(actor, bridgeId, cancellationToken));

    /// <summary>Stores an uploaded CSV in the bridge's drop folder (complete before it appears) and, when running, polls at once.</summary>
    public async Task<string> UploadAsync(Actor actor, Guid bridgeId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var bridge = await bridges.GetAsync(actor, bridgeId, cancellationToken);
        if (!actor.CanChange(bridge.OwnerId))
        {
            throw new AccessDeniedException("You may not upload files to this bridge.");
        }

        var stored = await CsvDropFolder.SaveUploadAsync(folders.Resolve(bridge), fileName, content, cancellationToken);
        await audit.WriteAsync(actor.User, "csvdrop.upload", "Bridge", bridgeId.ToString(), bridgeId, stored, cancellationToken);
        if (bridge.State == BridgeState.Running)
        {
            polls.PollNow(bridgeId);
        }

        return stored;
    }
}

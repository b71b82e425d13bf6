using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Engine;

/// <summary>
/// The pause columns' updates. Each is conditional on the state it expects, so that of several instances
/// (or a user and the engine) exactly one pauses, takes a probe or resumes.
/// </summary>
internal static class PauseStatements
{
    public static Task<int> PauseAsync(BridgeDbContext db, Guid bridgeId, string reason, bool manual, DateTime now, CancellationToken cancellationToken) =>
        db.Bridges.Where(b => b.Id == bridgeId && b.PausedAt == null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(b => b.PausedAt, now).SetProperty(b => b.PauseReason, Trim(reason)).SetProperty(b => b.PausedManually, manual)
                    .SetProperty(b => b.ProbeAt, manual ? null : ProbeSchedule.Next(now, 0)).SetProperty(b => b.ProbeCount, 0),
                cancellationToken);

    /// <summary>Resumes; <paramref name="automatic"/> resumes only an automatic pause (a user's pause stays until a user ends it).</summary>
    public static Task<int> ResumeAsync(BridgeDbContext db, Guid bridgeId, bool automatic, CancellationToken cancellationToken) =>
        db.Bridges.Where(b => b.Id == bridgeId && b.PausedAt != null && (!automatic || !b.PausedManually))
            .ExecuteUpdateAsync(
                s => s.SetProperty(b => b.PausedAt, (DateTime?)null).SetProperty(b => b.PauseReason, (string?)null).SetProperty(b => b.PausedManually, false)
                    .SetProperty(b => b.ProbeAt, (DateTime?)null).SetProperty(b => b.ProbeCount, 0),
                cancellationToken);

    /// <summary>Takes the due probe (only one instance succeeds) and moves the next one further out.</summary>
    public static Task<int> TakeProbeAsync(BridgeDbContext db, Guid bridgeId, int probesTaken, DateTime now, CancellationToken cancellationToken) =>
        db.Bridges.Where(b => b.Id == bridgeId && b.PausedAt != null && !b.PausedManually && b.ProbeAt <= now && b.ProbeCount == probesTaken)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ProbeCount, probesTaken + 1).SetProperty(b => b.ProbeAt, ProbeSchedule.Next(now, probesTaken + 1)), cancellationToken);

    /// <summary>
    /// Makes the Pending record with the fewest tries due now, so the probe spends the try of the record that has
    /// the most left (a record in backoff would otherwise not be claimed). New records are due already.
    /// </summary>
    public static async Task MakeProbeDueAsync(BridgeDbContext db, Guid bridgeId, DateTime now, CancellationToken cancellationToken)
    {
        var id = await db.Records.Where(r => r.BridgeId == bridgeId && r.Status == RecordStatus.Pending)
            .OrderBy(r => r.Attempts).ThenBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is { } recordId)
        {
            await db.Records.Where(r => r.Id == recordId && r.Status == RecordStatus.Pending && r.NextAttemptAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, now), cancellationToken);
        }
    }

    /// <summary>On resume: the records parked in backoff by the outage are due at once, so the healed sink gets the backlog now.</summary>
    public static Task<int> ReleaseParkedAsync(BridgeDbContext db, Guid bridgeId, DateTime now, CancellationToken cancellationToken) =>
        db.Records.Where(r => r.BridgeId == bridgeId && r.Status == RecordStatus.Pending && r.NextAttemptAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, now), cancellationToken);

    private static string Trim(string reason) => reason.Length > 500 ? reason[..499] + "…" : reason;
}

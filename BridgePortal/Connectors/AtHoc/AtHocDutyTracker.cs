using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Keeps <see cref="AtHocDutyState"/> in step with what AtHoc confirmed: every confirmed duty write replaces the
/// user's row (a new write number, so it gets its own clean-up); a confirmed clean-up clear marks its write
/// cleared. The sink calls it after AtHoc answered and before the outcomes are stored, so a failure here makes the
/// delivery a transient failure and the write is simply sent (and recorded) again.
/// </summary>
public sealed class AtHocDutyTracker(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>The record ids of <paramref name="clears"/> whose write is still the user's latest, on duty and not cleared.</summary>
    public async Task<HashSet<long>> CurrentAsync(Guid bridgeId, IReadOnlyList<(long RecordId, DutyChange Change)> clears, CancellationToken cancellationToken)
    {
        if (clears.Count == 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var names = clears.Select(c => c.Change.Username!).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Set<AtHocDutyState>().AsNoTracking().Where(s => s.BridgeId == bridgeId && names.Contains(s.Username))
            .ToDictionaryAsync(s => s.Username, StringComparer.Ordinal, cancellationToken);
        return [.. clears.Where(c => rows.TryGetValue(c.Change.Username!, out var row) && row.OnDuty && row.ClearedAt is null && row.Writes == c.Change.Write)
            .Select(c => c.RecordId)];
    }

    /// <summary>Records confirmed writes and clears, in the order AtHoc applied them.</summary>
    public async Task ConfirmAsync(Guid bridgeId, IReadOnlyList<DutyChange> confirmed, CancellationToken cancellationToken)
    {
        if (confirmed.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
            try
            {
                await ApplyAsync(db, bridgeId, confirmed, cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another delivery of the same bridge added a user's row meanwhile: read again and re-apply.
            }
        }
    }

    private async Task ApplyAsync(BridgeDbContext db, Guid bridgeId, IReadOnlyList<DutyChange> confirmed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var names = confirmed.Select(c => c.Username!).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Set<AtHocDutyState>().Where(s => s.BridgeId == bridgeId && names.Contains(s.Username))
            .ToDictionaryAsync(s => s.Username, StringComparer.Ordinal, cancellationToken);
        foreach (var change in confirmed)
        {
            var username = change.Username!;
            rows.TryGetValue(username, out var row);
            if (change.Clear)
            {
                if (row is { OnDuty: true, ClearedAt: null } && row.Writes == change.Write)
                {
                    row.ClearedAt = now;
                }

                continue;
            }

            if (row is null)
            {
                row = new AtHocDutyState { BridgeId = bridgeId, Username = username };
                db.Add(row);
                rows[username] = row;
            }

            row.Writes++;
            row.EmployeeId = change.EmployeeId is { Length: <= 200 } id ? id : row.EmployeeId;
            row.OnDuty = change.OnDuty;
            row.DutyTimestamp = DateTime.SpecifyKind(change.Timestamp, DateTimeKind.Unspecified);
            row.ConfirmedAt = now;
            row.ClearQueuedAt = null;
            row.ClearedAt = null;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Reads every AtHoc user of a connection (paged, with the configured attributes) and makes the mapping table
/// match: new employee ids added, changed usernames/collar ids updated, employees no longer in AtHoc removed.
/// A run that reads no users changes nothing (an empty answer is more likely a fault than an empty organisation).
/// </summary>
public sealed class AtHocMappingSync(BridgeDbContext db, AtHocUsers users, SecretProtector secrets, TimeProvider clock, ILogger<AtHocMappingSync> logger)
{
    public const string Scheduled = "Scheduled";
    public const string Manual = "Manual";

    public async Task<AtHocMappingSyncState> SyncAsync(Guid connectionId, string type, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.AsNoTracking().FirstAsync(c => c.Id == connectionId && c.Kind == AtHocConnectionKind.Kind, cancellationToken);
        var data = secrets.Open(connection);
        var now = clock.GetUtcNow().UtcDateTime;
        var state = await db.Set<AtHocMappingSyncState>().FirstOrDefaultAsync(s => s.ConnectionId == connectionId, cancellationToken);
        if (state is null)
        {
            state = new AtHocMappingSyncState { ConnectionId = connectionId };
            db.Add(state);
        }

        state.LastType = type;
        state.LastRunAt = now;
        try
        {
            var read = await users.ReadAllAsync(data, cancellationToken);
            state.LastUserCount = read.Count;
            if (read.Count == 0)
            {
                state.LastStatus = AtHocSyncStatus.NoUsers;
                state.LastMessage = "AtHoc returned no users; the table was left as it was.";
            }
            else
            {
                var (added, changed, removed, unkeyed) = await ApplyAsync(connectionId, read, now, cancellationToken);
                state.LastStatus = AtHocSyncStatus.Succeeded;
                state.LastSuccessAt = now;
                state.LastMessage = $"{read.Count} user(s) read: {added} added, {changed} changed, {removed} removed"
                    + (unkeyed > 0 ? $", {unkeyed} without an employee id." : ".");
            }
        }
        catch (AtHocException e)
        {
            state.LastStatus = AtHocSyncStatus.Failed;
            state.LastMessage = e.Message.Length > 2000 ? e.Message[..1999] + "…" : e.Message;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("AtHoc mapping sync ({Type}) of connection {ConnectionId}: {Status} — {Message}", type, connectionId, state.LastStatus, state.LastMessage);
        return state;
    }

    private async Task<(int Added, int Changed, int Removed, int Unkeyed)> ApplyAsync(Guid connectionId, IReadOnlyList<AtHocUser> read, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.Set<AtHocUserMapping>().Where(m => m.ConnectionId == connectionId).ToDictionaryAsync(m => m.EmployeeId, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int added = 0, changed = 0, unkeyed = 0;
        foreach (var user in read)
        {
            if (user.EmployeeId is not { Length: > 0 and <= 200 } employee)
            {
                unkeyed++;
                continue;
            }

            if (!seen.Add(employee))
            {
                continue; // two users claim one employee id: the first keeps it
            }

            if (existing.TryGetValue(employee, out var row))
            {
                if (row.Username != user.Username || row.CollarId != user.CollarId)
                {
                    (row.Username, row.CollarId, row.LastUpdated) = (user.Username, user.CollarId, now);
                    changed++;
                }
            }
            else
            {
                db.Add(new AtHocUserMapping { ConnectionId = connectionId, EmployeeId = employee, Username = user.Username, CollarId = user.CollarId, LastUpdated = now });
                added++;
            }
        }

        var gone = existing.Values.Where(m => !seen.Contains(m.EmployeeId)).ToList();
        db.RemoveRange(gone);
        return (added, changed, gone.Count, unkeyed);
    }
}

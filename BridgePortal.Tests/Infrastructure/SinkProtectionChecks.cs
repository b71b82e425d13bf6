using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>Reads a bridge's pause columns and its records' try counts straight from the database.</summary>
public static class SinkProtectionChecks
{
    public static Task<Bridge> BridgeRowAsync(this PortalHost host, Guid bridgeId) =>
        host.DbAsync(db => db.Bridges.AsNoTracking().SingleAsync(b => b.Id == bridgeId));

    public static Task<int> TotalAttemptsAsync(this PortalHost host, Guid bridgeId) =>
        host.DbAsync(db => db.Records.Where(r => r.BridgeId == bridgeId).SumAsync(r => r.Attempts));

    public static Task<List<string>> AuditActionsAsync(this PortalHost host, Guid bridgeId) =>
        host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.BridgeId == bridgeId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    /// <summary>The most requests that arrived in any 1-second window (each window starting at an arrival).</summary>
    public static int MostInAnySecond(IEnumerable<DateTime> arrivals)
    {
        var sorted = arrivals.Order().ToList();
        var most = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] < sorted[start].AddSeconds(1))
            {
                end++;
            }

            most = Math.Max(most, end - start);
        }

        return most;
    }
}

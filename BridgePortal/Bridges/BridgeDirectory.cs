using System.Collections.Concurrent;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Bridges;

/// <summary>
/// Bridges by key for the inbound endpoints, kept for two seconds so that a busy ingest API does not read
/// the bridge row on every request. Changes made through this instance invalidate at once; other
/// instances see them within the two seconds.
/// </summary>
public sealed class BridgeDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (Bridge? Bridge, long At)> byKey = new();

    public async Task<Bridge?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (byKey.TryGetValue(key, out var entry) && clock.GetElapsedTime(entry.At) < Lifetime)
        {
            return entry.Bridge;
        }

        await using var scope = scopes.CreateAsyncScope();
        var bridge = await scope.ServiceProvider.GetRequiredService<BridgeDbContext>().Bridges.AsNoTracking()
            .FirstOrDefaultAsync(b => b.Key == key, cancellationToken);
        byKey[key] = (bridge, clock.GetTimestamp());
        return bridge;
    }

    public void Invalidate(string key) => byKey.TryRemove(key, out _);
}

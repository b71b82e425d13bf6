using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or the timeout passes (then fails with <paramref name="what"/>).
    /// The default of 60 s only bounds a failing wait; background work on a starved 2-core machine can take 20 s.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Runs <paramref name="query"/> on a fresh DbContext of the host.</summary>
    public static async Task<T> DbAsync<T>(this PortalHost host, Func<BridgeDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BridgeDbContext>());
    }

    public static Task<List<BridgePortal.Data.Model.Record>> RecordsAsync(this PortalHost host, Guid bridgeId) =>
        host.DbAsync(db => db.Records.AsNoTracking().Where(r => r.BridgeId == bridgeId).OrderBy(r => r.Id).ToListAsync());

    public static Task<List<Attempt>> AttemptsAsync(this PortalHost host, Guid bridgeId) =>
        host.DbAsync(db => db.Attempts.AsNoTracking().Where(a => a.BridgeId == bridgeId).OrderBy(a => a.Id).ToListAsync());

    public static Task UntilStatusAsync(this PortalHost host, Guid bridgeId, string naturalId, RecordStatus status) =>
        UntilAsync(
            async () => (await host.RecordsAsync(bridgeId)).Any(r => r.NaturalId == naturalId && r.Status == status),
            $"record '{naturalId}' is {status}");
}

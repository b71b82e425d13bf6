using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Engine.Delivery;

/// <summary>
/// A bridge whose sink keeps strict order (Http with one request at a time, the default) delivers in intake
/// order, batch after batch, while intake goes on and some records are updated meanwhile; a record's versions
/// never overtake each other. Intake order is the order the portal acknowledged records in: a record taken before
/// another was even sent is delivered first. Requests in flight at the same time have no order between them — on
/// PostgreSQL two intake groups commit side by side, so a later id may be acknowledged (and delivered) first.
/// </summary>
public sealed class OrderingTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_strictly_ordered_bridge_delivers_in_intake_order_across_batches_while_records_change(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Delay = TimeSpan.FromMilliseconds(2); // each batch is still with the sink when the next is claimed
        var settings = new Dictionary<string, string?> { ["Engine:BatchSize"] = "7" };
        await using var host = await PortalHost.StartAsync(storage, settings);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();

        // Four concurrent senders. Each first version's send and acknowledgement take a tick of one shared clock.
        var ticks = 0;
        var sentAt = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var ackedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async sender =>
        {
            for (var i = 0; i < 40; i++)
            {
                var id = $"s{sender}-{i:D2}";
                sentAt[id] = Interlocked.Increment(ref ticks);
                await TestBridges.IngestAsync(client, bridge, $$"""{"id":"{{id}}","v":1}""", idempotencyKey: id);
                ackedAt[id] = Interlocked.Increment(ref ticks);
                if (i % 5 == 4)
                {
                    var earlier = $"s{sender}-{i - 2:D2}";
                    await TestBridges.IngestAsync(client, bridge, $$"""{"id":"{{earlier}}","v":2}""", idempotencyKey: earlier);
                }
            }
        }));

        await Eventually.UntilAsync(
            async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered),
            "every record is delivered",
            TimeSpan.FromSeconds(60));

        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(160, records.Count);
        var idOf = records.ToDictionary(r => r.NaturalId, r => r.Id);
        var arrivals = fake.Arrived
            .Select(r => r.Header("Idempotency-Key")!.Split(":v"))
            .Select(k => (NaturalId: k[0], Version: int.Parse(k[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        // Each record's versions arrive in order, and the last one delivered is its current version.
        foreach (var group in arrivals.GroupBy(a => a.NaturalId))
        {
            var versions = group.Select(a => a.Version).ToList();
            Assert.Equal(versions.Order().ToList(), versions);
            Assert.Equal(records.Single(r => r.NaturalId == group.Key).Version, versions[^1]);
        }

        // First deliveries follow intake order: no first version arrives before that of a record acknowledged before
        // it was sent, unless the earlier one was only delivered as an update (its first version overtaken by its second).
        var firsts = arrivals.Where(a => a.Version == 1).Select(a => a.NaturalId).ToList();
        for (var later = 0; later < firsts.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                Assert.False(
                    ackedAt[firsts[later]] < sentAt[firsts[earlier]],
                    $"{firsts[earlier]} was delivered before {firsts[later]}, which was acknowledged before {firsts[earlier]} was sent");
            }
        }

        if (storage == StorageKind.Sqlite)
        {
            // One writer: ids are given in commit order, so first deliveries follow the ids.
            var ids = firsts.Select(n => idOf[n]).ToList();
            Assert.Equal(ids.Order().ToList(), ids);
        }
    }
}

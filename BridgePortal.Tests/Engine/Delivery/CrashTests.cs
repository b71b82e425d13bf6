using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using BridgePortal.Engine;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Engine.Delivery;

/// <summary>Commit before acknowledge, proven with a real <c>kill -9</c> while groups are being written.</summary>
public sealed class CrashTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_portal_killed_while_groups_are_written_keeps_every_acknowledged_record_and_half_stores_none(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        var settings = await PortalHost.SettingsForAsync(storage);
        TestBridge bridge;
        await using (var setup = await PortalHost.StartAsync(storage, settings))
        {
            bridge = await TestBridges.CreateHttpBridgeAsync(setup, fake.BaseAddress, start: false);
        }

        var acknowledged = new ConcurrentBag<string>();
        await using (var portal = await PortalProcess.StartAsync(settings))
        {
            using var client = new HttpClient { BaseAddress = portal.Address, Timeout = TimeSpan.FromSeconds(10) };
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 32).Select(s => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var id = $"k-{s}-{n}";
                    try
                    {
                        using var response = await TestBridges.IngestAsync(client, bridge, $$"""{"id":"{{id}}","text":"{{new string('x', 500)}}"}""", idempotencyKey: id);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            acknowledged.Add(id);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToList();

            await Eventually.UntilAsync(() => Task.FromResult(acknowledged.Count >= 400), "load is flowing", TimeSpan.FromSeconds(60));
            portal.Kill(); // mid-load: groups are queued, being written and being committed right now
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var restarted = await PortalHost.StartAsync(storage, settings);
        var records = (await restarted.RecordsAsync(bridge.Id)).ToDictionary(r => r.NaturalId);
        Assert.All(acknowledged, id => Assert.True(records.ContainsKey(id), $"acknowledged record {id} was lost"));
        Assert.All(records.Values, r =>
        {
            // Committed but maybe never acknowledged is allowed; half-written is not.
            Assert.Equal(r.ContentHash, Intake.Hash(r.Payload!));
            Assert.Equal(r.NaturalId, JsonDocument.Parse(r.Payload!).RootElement.GetProperty("id").GetString());
        });
        Assert.True(records.Count >= acknowledged.Count);
    }
}

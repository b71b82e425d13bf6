using System.Net;
using System.Text.Json;
using BridgePortal.Alerts;
using BridgePortal.Alerts.Conditions;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Alerts;

public sealed class BridgePausedAlertTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_bridge_the_breaker_pauses_fires_once_and_resolves_when_it_resumes_by_itself(StorageKind storage)
    {
        await using var receiver = await FakeHttpEndpoint.StartAsync();
        await using var sink = await FakeHttpEndpoint.StartAsync();
        sink.Respond(503, "down");
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress);
        var channel = await TestAlerts.ChannelAsync(host, bridge.Owner, TestAlerts.Webhook(receiver.BaseAddress, null));
        var rule = await TestAlerts.RuleAsync(host, bridge.Owner, new AlertRuleDraft("Sink down", new BridgePausedCondition().Kind, null, 1, channel));
        // The six records go in one sink call: one failed call pauses (the breaker counts calls, not records).
        await host.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.BreakerFailures, 1)));
        using var client = host.CreateClient();
        var items = string.Join(",", Enumerable.Range(1, 6).Select(n => $$"""{"n":{{n}}}"""));
        Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(client, bridge, $"[{items}]", idempotencyKey: "outage")).StatusCode);
        await Eventually.UntilAsync(async () => (await host.BridgeRowAsync(bridge.Id)).PausedAt is not null, "the breaker pauses the bridge");

        await TestAlerts.EvaluateAsync(host);
        await TestAlerts.EvaluateAsync(host);
        var firing = Assert.Single(receiver.Requests);
        using (var body = JsonDocument.Parse(firing.Body))
        {
            Assert.Equal("firing", body.RootElement.GetProperty("status").GetString());
            Assert.Equal(bridge.Id, body.RootElement.GetProperty("bridgeId").GetGuid());
            Assert.Contains("paused: Http answers 503 since", body.RootElement.GetProperty("summary").GetString());
        }

        sink.Heal(); // the next probe (5 s after the pause) finds it answering
        await Eventually.UntilAsync(async () => (await host.BridgeRowAsync(bridge.Id)).PausedAt is null, "the bridge resumes by itself");
        await TestAlerts.EvaluateAsync(host);
        await receiver.WaitForAsync(r => r.Count == 2);
        Assert.Equal("resolved", JsonDocument.Parse(receiver.Requests[1].Body).RootElement.GetProperty("status").GetString());

        // A user's own pause is no incident.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BridgeService>().PauseAsync(bridge.Owner, bridge.Id, CancellationToken.None);
        }

        await TestAlerts.EvaluateAsync(host);
        Assert.Equal(2, receiver.Requests.Count);
        var incident = Assert.Single(await TestAlerts.IncidentsAsync(host, rule));
        Assert.NotNull(incident.ResolvedAt);
    }
}

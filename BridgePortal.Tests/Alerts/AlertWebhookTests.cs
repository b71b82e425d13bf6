using System.Text.Json;
using BridgePortal.Alerts;
using BridgePortal.Alerts.Conditions;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace BridgePortal.Tests.Alerts;

public sealed class AlertWebhookTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_queue_older_than_the_limit_fires_one_signed_webhook_and_resolves_when_the_sink_heals(StorageKind storage)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await FakeHttpEndpoint.StartAsync();
        receiver.SigningSecret = "alert-hook-secret";
        await using var sink = await FakeHttpEndpoint.StartAsync();
        sink.Respond(503, "down");
        await using var host = await PortalHost.StartAsync(storage, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress, maxRetries: 10);
        var channel = await TestAlerts.ChannelAsync(host, bridge.Owner, TestAlerts.Webhook(receiver.BaseAddress, "alert-hook-secret"));
        var rule = await TestAlerts.RuleAsync(host, bridge.Owner, new AlertRuleDraft("Queue stuck", new QueueOlderThanCondition().Kind, null, 10, channel));
        using var client = host.CreateClient();
        (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "r1")).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Single().Attempts == 1, "the first attempt failed");

        await TestAlerts.EvaluateAsync(host);
        Assert.Empty(receiver.Requests); // 0 minutes old: within the limit

        clock.Advance(TimeSpan.FromMinutes(11));
        await TestAlerts.EvaluateAsync(host);
        await TestAlerts.EvaluateAsync(host);
        var firing = Assert.Single(receiver.Requests);
        Assert.True(firing.SignatureValid);
        Assert.Equal("alert.firing", firing.Header("X-BridgePortal-Event"));
        using (var body = JsonDocument.Parse(firing.Body))
        {
            Assert.Equal("firing", body.RootElement.GetProperty("status").GetString());
            Assert.Equal(bridge.Id, body.RootElement.GetProperty("bridgeId").GetGuid());
            Assert.StartsWith("[BridgePortal] FIRING: Queue stuck", body.RootElement.GetProperty("text").GetString());
        }

        sink.Heal();
        clock.Advance(TimeSpan.FromMinutes(15)); // a retry made while the sink was still down is due again
        await host.UntilStatusAsync(bridge.Id, "r1", RecordStatus.Delivered);
        await TestAlerts.EvaluateAsync(host);
        await receiver.WaitForAsync(r => r.Count == 2);
        var resolved = receiver.Requests[1];
        Assert.True(resolved.SignatureValid);
        Assert.Equal("resolved", JsonDocument.Parse(resolved.Body).RootElement.GetProperty("status").GetString());
        await TestAlerts.EvaluateAsync(host);
        Assert.Equal(2, receiver.Requests.Count);
        var incident = Assert.Single(await TestAlerts.IncidentsAsync(host, rule));
        Assert.Equal($"bridge:{bridge.Id}", incident.SubjectKey);
    }

    [Fact]
    public async Task A_poll_failing_N_times_in_a_row_fires_and_a_successful_poll_resolves_it()
    {
        await using var receiver = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, receiver.BaseAddress, start: false);
        var channel = await TestAlerts.ChannelAsync(host, bridge.Owner, TestAlerts.Webhook(receiver.BaseAddress, null));
        var rule = await TestAlerts.RuleAsync(host, bridge.Owner, new AlertRuleDraft("Kobo down", new PollFailingCondition().Kind, bridge.Id, 3, channel));
        Task SetFailures(int n) => host.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.PollFailuresInARow, n).SetProperty(b => b.LastPollError, n == 0 ? null : "HTTP 502 from the server")));

        await SetFailures(2);
        await TestAlerts.EvaluateAsync(host);
        Assert.Empty(await TestAlerts.IncidentsAsync(host, rule));

        await SetFailures(3);
        await TestAlerts.EvaluateAsync(host);
        var open = Assert.Single(await TestAlerts.IncidentsAsync(host, rule));
        Assert.Contains("failed 3 time(s) in a row: HTTP 502", open.Summary);
        await receiver.WaitForAsync(r => r.Count == 1);
        Assert.Null(receiver.Requests[0].Header("X-Signature")); // no secret, no signature

        await SetFailures(0);
        await TestAlerts.EvaluateAsync(host);
        await receiver.WaitForAsync(r => r.Count == 2);
        Assert.NotNull(Assert.Single(await TestAlerts.IncidentsAsync(host, rule)).ResolvedAt);
    }

    [Fact]
    public async Task A_failing_connection_test_of_a_watched_bridge_fires_and_a_passing_test_resolves_it()
    {
        await using var receiver = await FakeHttpEndpoint.StartAsync();
        await using var target = await FakeHttpEndpoint.StartAsync();
        target.Respond(503, "maintenance");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, target.BaseAddress, start: false);
        var channel = await TestAlerts.ChannelAsync(host, bridge.Owner, TestAlerts.Webhook(receiver.BaseAddress, null));
        var rule = await TestAlerts.RuleAsync(host, bridge.Owner, new AlertRuleDraft("Sink unreachable", new ConnectionTestFailingCondition().Kind, bridge.Id, 1, channel));
        async Task TestConnectionAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BridgePortal.Connectors.ConnectionService>().TestAsync(bridge.Owner, bridge.ConnectionId, CancellationToken.None);
        }

        await TestConnectionAsync();
        await TestAlerts.EvaluateAsync(host);
        await receiver.WaitForAsync(r => r.Count == 1);
        Assert.Contains("HTTP 503", JsonDocument.Parse(receiver.Requests[0].Body).RootElement.GetProperty("summary").GetString());
        Assert.Equal($"connection:{bridge.ConnectionId}", Assert.Single(await TestAlerts.IncidentsAsync(host, rule)).SubjectKey);

        target.Heal();
        await TestConnectionAsync();
        await TestAlerts.EvaluateAsync(host);
        await receiver.WaitForAsync(r => r.Count == 2);
        Assert.Equal("resolved", JsonDocument.Parse(receiver.Requests[1].Body).RootElement.GetProperty("status").GetString());
    }
}

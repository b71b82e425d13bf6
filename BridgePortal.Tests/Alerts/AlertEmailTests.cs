using BridgePortal.Alerts;
using BridgePortal.Alerts.Conditions;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Alerts;

public sealed class AlertEmailTests
{
    [SkippableFact]
    public async Task A_failed_record_sends_one_alert_email_and_a_resolved_email_once_it_is_discarded()
    {
        await using var mail = await MaildevServer.StartAsync();
        await using var sink = await FakeHttpEndpoint.StartAsync();
        sink.Respond(422, "name is required");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress);
        var channel = await TestAlerts.ChannelAsync(host, bridge.Owner, TestAlerts.Email(mail, "ops@example.org"));
        var rule = await TestAlerts.RuleAsync(host, bridge.Owner, new AlertRuleDraft("Records give up", new RecordsFailedCondition().Kind, bridge.Id, 1, channel));
        using var client = host.CreateClient();

        (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "r1")).EnsureSuccessStatusCode();
        await host.UntilStatusAsync(bridge.Id, "r1", RecordStatus.Failed);
        await TestAlerts.EvaluateAsync(host);
        await Eventually.UntilAsync(async () => (await mail.MessagesAsync()).Count == 1, "maildev caught the alert e-mail");

        var firing = Assert.Single(await mail.MessagesAsync());
        Assert.Equal("[BridgePortal] FIRING: Records give up", firing.Subject);
        Assert.Contains("1 Failed record(s)", firing.Text);
        Assert.Contains("HTTP 422", firing.Text);
        Assert.Equal(["ops@example.org"], firing.To);

        await TestAlerts.EvaluateAsync(host);
        await TestAlerts.EvaluateAsync(host);
        Assert.Single(await mail.MessagesAsync()); // once per incident, however often it is evaluated

        await host.DbAsync(db => db.Records.Where(r => r.BridgeId == bridge.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecordStatus.Discarded)));
        await TestAlerts.EvaluateAsync(host);
        await Eventually.UntilAsync(async () => (await mail.MessagesAsync()).Count == 2, "maildev caught the resolved e-mail");
        var resolved = (await mail.MessagesAsync())[1];
        Assert.Equal("[BridgePortal] RESOLVED: Records give up", resolved.Subject);
        Assert.Contains("Resolved at", resolved.Text);
        var incident = Assert.Single(await TestAlerts.IncidentsAsync(host, rule));
        Assert.NotNull(incident.ResolvedAt);
        Assert.NotNull(incident.ResolveNotifiedAt);
        Assert.Null(incident.NotifyError);
    }

    [SkippableFact]
    public async Task A_wrong_SMTP_password_is_stored_on_the_incident_and_the_mail_goes_out_once_it_is_fixed()
    {
        await using var mail = await MaildevServer.StartAsync();
        await using var sink = await FakeHttpEndpoint.StartAsync();
        sink.Respond(400, "bad");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, sink.BaseAddress);
        var draft = TestAlerts.Email(mail, "ops@example.org") with { Secret = "wrong-password" };
        var channel = await TestAlerts.ChannelAsync(host, bridge.Owner, draft);
        var rule = await TestAlerts.RuleAsync(host, bridge.Owner, new AlertRuleDraft("Failed", new RecordsFailedCondition().Kind, null, 1, channel));
        using var client = host.CreateClient();
        (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "r1")).EnsureSuccessStatusCode();
        await host.UntilStatusAsync(bridge.Id, "r1", RecordStatus.Failed);

        await TestAlerts.EvaluateAsync(host);
        var incident = Assert.Single(await TestAlerts.IncidentsAsync(host, rule));
        Assert.Null(incident.OpenNotifiedAt);
        Assert.Contains("Email channel", incident.NotifyError);
        Assert.DoesNotContain("wrong-password", incident.NotifyError);
        Assert.Empty(await mail.MessagesAsync());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var (id, _) = await scope.ServiceProvider.GetRequiredService<AlertService>().SaveChannelAsync(bridge.Owner, channel, draft with { Secret = MaildevServer.Password }, CancellationToken.None);
            Assert.Equal(channel, id);
        }

        await TestAlerts.EvaluateAsync(host);
        await Eventually.UntilAsync(async () => (await mail.MessagesAsync()).Count == 1, "the alert e-mail went out after the password was fixed");
        Assert.Null(Assert.Single(await TestAlerts.IncidentsAsync(host, rule)).NotifyError);
    }
}

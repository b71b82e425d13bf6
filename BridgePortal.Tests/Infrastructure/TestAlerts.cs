using BridgePortal.Alerts;
using BridgePortal.Alerts.Channels;
using BridgePortal.Data.Model.Alerts;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>Alert channels and rules made through the app's own <see cref="AlertService"/>, and one evaluation.</summary>
public static class TestAlerts
{
    public static async Task<Guid> ChannelAsync(PortalHost host, Actor actor, AlertChannelDraft draft)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<AlertService>().SaveChannelAsync(actor, null, draft, CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    public static async Task<Guid> RuleAsync(PortalHost host, Actor actor, AlertRuleDraft draft)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<AlertService>().SaveRuleAsync(actor, draft, CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    /// <summary>One run of the recurring job's work (the scheduled run may also happen meanwhile: tests count what the receiver saw).</summary>
    public static async Task EvaluateAsync(PortalHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AlertEvaluator>().EvaluateAsync(CancellationToken.None);
    }

    public static Task<List<AlertIncident>> IncidentsAsync(PortalHost host, Guid ruleId) =>
        host.DbAsync(db => db.AlertIncidents.AsNoTracking().Where(i => i.RuleId == ruleId).OrderBy(i => i.Id).ToListAsync());

    public static AlertChannelDraft Email(MaildevServer mail, string to) =>
        new($"mail-{Guid.NewGuid():N}", AlertChannelKind.Email,
            new EmailChannelSettings { Host = "127.0.0.1", Port = mail.SmtpPort, Security = "None", Username = MaildevServer.User, From = "bridgeportal@example.org", To = to },
            null, MaildevServer.Password);

    public static AlertChannelDraft Webhook(Uri url, string? secret) =>
        new($"hook-{Guid.NewGuid():N}", AlertChannelKind.Webhook, null, new WebhookChannelSettings { Url = url.ToString() }, secret);
}

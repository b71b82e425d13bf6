using System.Net;
using BridgePortal.Alerts;
using BridgePortal.Alerts.Conditions;
using BridgePortal.Data.Model.Alerts;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Components.Pages;

/// <summary>The alert history and rules pages as each role receives them (server-rendered first paint).</summary>
public sealed class AlertPagesTests
{
    [Fact]
    public async Task The_history_lists_incidents_and_the_rules_page_shows_channels_without_their_secret_to_operators_only()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var operatorEmail = $"op-{Guid.NewGuid():N}@example.org";
        var viewerEmail = $"viewer-{Guid.NewGuid():N}@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, operatorEmail);
        await TestBridges.ActorAsync(host, BridgeRoles.Viewer, viewerEmail);
        var channel = await TestAlerts.ChannelAsync(host, owner, TestAlerts.Webhook(new Uri("https://hooks.example.org/alerts"), "very-secret-hmac-key"));
        var rule = await TestAlerts.RuleAsync(host, owner, new AlertRuleDraft("Stuck queue", new QueueOlderThanCondition().Kind, null, 15, channel));
        await host.DbAsync(async db =>
        {
            db.AlertIncidents.Add(new AlertIncident { RuleId = rule, SubjectKey = "bridge:x", Summary = "Bridge 'orders' has records waiting", OpenedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        using var op = host.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await op.LoginAsync(operatorEmail, TestUsers.Password)).StatusCode);
        var history = await (await op.GetAsync("/alerts")).Content.ReadAsStringAsync();
        Assert.Contains("Bridge &#x27;orders&#x27; has records waiting", history);
        Assert.Contains("Firing", history);
        var rules = await op.GetAsync("/alerts/rules");
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        var html = await rules.Content.ReadAsStringAsync();
        Assert.Contains("https://hooks.example.org/alerts", html);
        Assert.Contains("Stuck queue", html);
        Assert.DoesNotContain("very-secret-hmac-key", html);
        var stored = await host.DbAsync(db => Task.FromResult(db.AlertChannels.Single(c => c.Id == channel).ProtectedSecret));
        Assert.DoesNotContain("very-secret-hmac-key", stored);

        using var viewer = host.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await viewer.LoginAsync(viewerEmail, TestUsers.Password)).StatusCode);
        Assert.Contains("Bridge &#x27;orders&#x27; has records waiting", await (await viewer.GetAsync("/alerts")).Content.ReadAsStringAsync());
        var denied = await (await viewer.GetAsync("/alerts/rules")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("hooks.example.org", denied);
    }
}

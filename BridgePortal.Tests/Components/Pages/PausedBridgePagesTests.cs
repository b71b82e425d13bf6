using System.Globalization;
using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Components.Pages;

/// <summary>A paused bridge says so on the bridge list, its page and the dashboard; only those who may change it get Pause/Resume.</summary>
public sealed class PausedBridgePagesTests
{
    private static readonly Uri Unused = new("http://127.0.0.1:9/");

    [Fact]
    public async Task The_pause_shows_everywhere_with_its_reason_and_the_owner_gets_resume_a_viewer_no_button()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var ownerEmail = $"owner-{Guid.NewGuid():N}@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, ownerEmail);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, Unused, owner: owner);
        var name = (await host.BridgeRowAsync(bridge.Id)).Name;
        using var ownerClient = host.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await ownerClient.LoginAsync(ownerEmail, TestUsers.Password)).StatusCode);

        var running = await HtmlAsync(ownerClient, $"/bridges/{bridge.Id}");
        Assert.Contains("data-testid=\"bridge-pause\"", running);
        Assert.DoesNotContain("data-testid=\"bridge-paused\"", running);

        var since = new DateTime(2026, 12, 1, 10, 42, 0, DateTimeKind.Utc);
        await host.DbAsync(db => db.Bridges.Where(b => b.Id == bridge.Id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.PausedAt, since).SetProperty(b => b.PauseReason, "Http answers 503").SetProperty(b => b.ProbeAt, DateTime.UtcNow.AddHours(1))));
        var text = $"Paused: Http answers 503 since {since.ToString("HH:mm", CultureInfo.InvariantCulture)}";

        var detail = await HtmlAsync(ownerClient, $"/bridges/{bridge.Id}");
        Assert.Contains("data-testid=\"bridge-paused\"", detail);
        Assert.Contains(text, Squash(detail));
        Assert.Contains("data-testid=\"bridge-resume\"", detail);
        Assert.DoesNotContain("data-testid=\"bridge-pause\"", detail);
        Assert.Contains(text, Squash(await HtmlAsync(ownerClient, "/bridges")));
        Assert.Contains($"data-testid=\"bridge-paused-{name}\"", await HtmlAsync(ownerClient, "/bridges"));
        var dashboard = await HtmlAsync(ownerClient, "/");
        Assert.Contains($"data-testid=\"dashboard-paused-{name}\"", dashboard);
        Assert.Contains(text, Squash(dashboard));

        using var viewer = await TestUsers.LoggedInAsync(host, BridgeRoles.Viewer);
        var viewed = await HtmlAsync(viewer, $"/bridges/{bridge.Id}");
        Assert.Contains(text, Squash(viewed));
        Assert.DoesNotContain("data-testid=\"bridge-resume\"", viewed);
        Assert.DoesNotContain("data-testid=\"bridge-pause\"", viewed);
    }

    private static string Squash(string html) => string.Join(' ', html.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static async Task<string> HtmlAsync(PortalClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Components.Pages;

/// <summary>
/// The bridges, bridge and connections pages as each role receives them (the server-rendered first paint
/// of the interactive pages): buttons a role may not use are absent, and another operator's bridge is not shown.
/// </summary>
public sealed class BridgesPageTests : IAsyncLifetime
{
    private static readonly Uri Unused = new("http://127.0.0.1:9/");

    private PortalHost host = default!;
    private TestBridge bridge = default!;
    private string ownerEmail = default!;
    private string bridgeName = default!;

    public async Task InitializeAsync()
    {
        host = await PortalHost.StartAsync(StorageKind.Sqlite);
        ownerEmail = $"owner-{Guid.NewGuid():N}@example.org";
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, ownerEmail);
        bridge = await TestBridges.CreateHttpBridgeAsync(host, Unused, start: false, owner: owner);
        await using var scope = host.Services.CreateAsyncScope();
        bridgeName = (await scope.ServiceProvider.GetRequiredService<BridgeService>().GetAsync(owner, bridge.Id, CancellationToken.None)).Name;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_owner_gets_create_start_edit_and_delete_buttons_on_their_own_bridge()
    {
        using var client = host.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync(ownerEmail, TestUsers.Password)).StatusCode);

        var list = await HtmlAsync(client, "/bridges");
        Assert.Contains(bridgeName, list);
        Assert.Contains("data-testid=\"new-bridge\"", list);
        Assert.Contains($"data-testid=\"start-{bridgeName}\"", list);

        var detail = await HtmlAsync(client, $"/bridges/{bridge.Id}");
        Assert.Contains("data-testid=\"bridge-title\"", detail);
        Assert.Contains("data-testid=\"bridge-start\"", detail);
        Assert.Contains("data-testid=\"bridge-edit\"", detail);
        Assert.Contains("data-testid=\"bridge-delete\"", detail);
        Assert.Contains($"/api/ingest/{bridge.Key}", detail);

        Assert.Contains("data-testid=\"new-connection\"", await HtmlAsync(client, "/connections"));
    }

    [Fact]
    public async Task A_viewer_sees_every_bridge_but_no_create_start_stop_edit_or_delete_button()
    {
        using var viewer = await TestUsers.LoggedInAsync(host, BridgeRoles.Viewer);

        var list = await HtmlAsync(viewer, "/bridges");
        Assert.Contains(bridgeName, list);
        Assert.DoesNotContain("data-testid=\"new-bridge\"", list);
        Assert.DoesNotContain("data-testid=\"start-", list);
        Assert.DoesNotContain("data-testid=\"stop-", list);
        Assert.DoesNotContain("Start streaming", list);

        var detail = await HtmlAsync(viewer, $"/bridges/{bridge.Id}");
        Assert.Contains("data-testid=\"bridge-title\"", detail);
        foreach (var button in new[] { "bridge-start", "bridge-stop", "bridge-edit", "bridge-delete", "bridge-regenerate-token" })
        {
            Assert.DoesNotContain($"data-testid=\"{button}\"", detail);
        }

        var connections = await HtmlAsync(viewer, "/connections");
        Assert.DoesNotContain("data-testid=\"new-connection\"", connections);
        Assert.DoesNotContain("data-testid=\"test-connection-", connections);
    }

    [Fact]
    public async Task Another_operator_gets_a_not_found_message_instead_of_someone_elses_bridge()
    {
        using var other = await TestUsers.LoggedInAsync(host, BridgeRoles.Operator);

        var detail = await HtmlAsync(other, $"/bridges/{bridge.Id}");
        Assert.Contains("data-testid=\"bridge-not-found\"", detail);
        Assert.DoesNotContain(bridgeName, detail);
        Assert.DoesNotContain(bridge.Key, detail);
        Assert.DoesNotContain("data-testid=\"records-table\"", detail);
        Assert.DoesNotContain("data-testid=\"bridge-start\"", detail);

        var list = await HtmlAsync(other, "/bridges");
        Assert.DoesNotContain(bridgeName, list);
    }

    [Fact]
    public async Task An_admin_sees_the_owners_connection_and_may_test_it_but_never_sees_or_edits_its_settings()
    {
        using var admin = await TestUsers.LoggedInAsync(host, BridgeRoles.Admin);

        var html = await HtmlAsync(admin, "/connections");
        Assert.Contains(ownerEmail, html);
        Assert.Contains("data-testid=\"test-connection-", html);
        Assert.DoesNotContain("data-testid=\"edit-connection-", html);
        Assert.DoesNotContain(Unused.ToString(), html);
    }

    private static async Task<string> HtmlAsync(PortalClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}

using BridgePortal.Components.Pages.Connections;
using BridgePortal.Connectors;
using BridgePortal.Connectors.EventHubs;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.EventHubs;
using BridgePortal.Tests.Connectors.Kobo;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Connectors.Abstractions;

/// <summary>
/// What an operator reads when a call fails: a sentence naming the system, what failed and what to check (never an
/// exception's type name), through the real clients against loopback servers that are not what the connection expects.
/// </summary>
public sealed class ErrorSentenceTests
{
    [Fact]
    public async Task An_event_hubs_namespace_that_does_not_resolve_is_named_with_what_to_check()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
        var (id, errors) = await connections.SaveAsync(owner, null, new ConnectionDraft(EventHubsConnectionKind.Kind, "hub", [],
            new() { [EventHubsSettings.ConnectionString] = "Endpoint=sb://nowhere.invalid/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0;EntityPath=surveys" }),
            CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Values));

        var result = await connections.TestAsync(owner, id.Value, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("Event Hubs: could not reach nowhere.invalid (name not resolved). Check the namespace (or service URL) of the connection.", result.Message);
        var stored = await host.DbAsync(db => Task.FromResult(db.Connections.Single(c => c.Id == id)));
        Assert.Equal(result.Message, stored.LastTestMessage);
    }

    [Fact]
    public async Task A_server_that_is_not_kobo_is_described_by_what_it_answered_in_the_test_and_the_project_list()
    {
        await using var wrong = await WrongServer.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connection = await KoboBridges.KoboConnectionAsync(host, owner, wrong.BaseAddress, "token-1");
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var json = $"KoboToolbox: {wrong.BaseAddress} answered with JSON that is not a Kobo project list. Check the server URL.";
        Assert.Equal((null, json), await CatalogLoader.LoadAsync(connections, owner, connection, "projects", CancellationToken.None));
        Assert.Equal(json, (await connections.TestAsync(owner, connection, CancellationToken.None)).Message);

        wrong.Answer(200, "text/html", "<html><body>Welcome to nginx!</body></html>");
        var html = $"KoboToolbox: {wrong.BaseAddress} answered with HTML instead of a Kobo project list (JSON). Check the server URL.";
        Assert.Equal((null, html), await CatalogLoader.LoadAsync(connections, owner, connection, "projects", CancellationToken.None));
        Assert.Equal(html, (await connections.TestAsync(owner, connection, CancellationToken.None)).Message);

        wrong.Answer(502, "text/plain", "upstream down");
        Assert.Equal("KoboToolbox failed on its side (502 Bad Gateway: upstream down). It is tried again later.",
            (await connections.TestAsync(owner, connection, CancellationToken.None)).Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/", "could not reach 127.0.0.1:9 (connection refused)")]
    [InlineData("http://kobo.invalid/", "could not reach kobo.invalid (name not resolved)")]
    public async Task A_kobo_server_that_cannot_be_reached_says_why_in_the_test_and_the_project_list(string server, string why)
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connection = await KoboBridges.KoboConnectionAsync(host, owner, new Uri(server), "token-1");
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var expected = $"KoboToolbox: {why}. Check the server URL.";
        Assert.Equal((null, expected), await CatalogLoader.LoadAsync(connections, owner, connection, "projects", CancellationToken.None));
        Assert.Equal(expected, (await connections.TestAsync(owner, connection, CancellationToken.None)).Message);
    }

    [Fact]
    public async Task A_poll_of_a_server_that_answers_text_is_shown_on_the_bridge_as_a_sentence()
    {
        await using var wrong = await WrongServer.StartAsync();
        wrong.Answer(200, "text/plain", "It works!");
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var kobo = await FakeKobo.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, start: false);
        await host.DbAsync(db => db.Connections.Where(c => c.Id == bridge.KoboConnectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SettingsJson, $"{{\"ServerUrl\":\"{wrong.BaseAddress}\"}}")));
        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Running);

        await Eventually.UntilAsync(async () => (await KoboBridges.BridgeAsync(host, bridge.Id)).LastPollAt is not null, "the poll ran");

        Assert.Equal($"KoboToolbox: {wrong.BaseAddress} answered with text instead of a Kobo submission list (JSON). Check the server URL.",
            (await KoboBridges.BridgeAsync(host, bridge.Id)).LastPollError);
    }

    [Fact]
    public async Task A_delivery_to_a_refused_port_fails_its_try_with_the_system_and_what_to_check()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, new Uri("http://127.0.0.1:9/in"), maxRetries: 1);
        var client = host.CreateClient();
        Assert.True((await TestBridges.IngestAsync(client, bridge, "{\"id\":\"r-1\"}")).IsSuccessStatusCode);

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Single().LastError is not null, "the try failed");

        Assert.StartsWith("HTTP endpoint: could not reach 127.0.0.1:9 (connection refused). Check the base URL of the connection.",
            (await host.RecordsAsync(bridge.Id)).Single().LastError);
    }
}

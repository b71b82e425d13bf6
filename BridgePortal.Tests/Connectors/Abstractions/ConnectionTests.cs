using BridgePortal.Connectors;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Npgsql;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.Abstractions;

public sealed class ConnectionTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Secrets_are_encrypted_at_rest_never_listed_and_kept_when_an_edit_leaves_them_empty(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var actor = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var (id, _) = await connections.SaveAsync(actor, null, new ConnectionDraft(HttpConnectionKind.Kind, "central",
            new() { [HttpSettings.BaseUrl] = "https://central.example.org" },
            new() { [HttpSettings.SigningSecret] = "s3cret-signing-key", [HttpSettings.SecretHeaders] = "Authorization: Bearer abc123" }), CancellationToken.None);
        Assert.NotNull(id);

        var stored = await host.DbAsync(db => Task.FromResult(db.Connections.Single(c => c.Id == id)));
        Assert.DoesNotContain("s3cret-signing-key", stored.ProtectedSecret);
        Assert.DoesNotContain("abc123", stored.ProtectedSecret + stored.SettingsJson);

        var view = Assert.Single(await connections.ListAsync(actor, CancellationToken.None));
        Assert.Equal([HttpSettings.SecretHeaders, HttpSettings.SigningSecret], view.SecretsSet.Order());
        Assert.DoesNotContain("s3cret", System.Text.Json.JsonSerializer.Serialize(view));

        var (_, errors) = await connections.SaveAsync(actor, id, new ConnectionDraft(HttpConnectionKind.Kind, "central renamed",
            new() { [HttpSettings.BaseUrl] = "https://central.example.org/v2" }, new() { [HttpSettings.SigningSecret] = "" }), CancellationToken.None);
        Assert.Empty(errors);
        var secrets = scope.ServiceProvider.GetRequiredService<SecretProtector>()
            .Unprotect((await host.DbAsync(db => Task.FromResult(db.Connections.Single(c => c.Id == id)))).ProtectedSecret);
        Assert.Equal("s3cret-signing-key", secrets[HttpSettings.SigningSecret]);
    }

    [Theory]
    [InlineData("", "Base URL is required")]
    [InlineData("ftp://example.org", "absolute http")]
    [InlineData("not a url", "absolute http")]
    public async Task An_invalid_http_connection_is_refused_with_the_field_and_reason(string url, string reason)
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var actor = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(actor, null,
            new ConnectionDraft(HttpConnectionKind.Kind, "x", new() { [HttpSettings.BaseUrl] = url, [HttpSettings.Headers] = "no colon here" }, []), CancellationToken.None);
        Assert.Null(id);
        Assert.Contains(reason, errors[HttpSettings.BaseUrl]);
        Assert.Contains("Name: value", errors[HttpSettings.Headers]);
    }

    [Fact]
    public async Task Testing_an_http_connection_tells_success_refused_credentials_and_unreachable_apart_and_stores_the_result()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var actor = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
        var (id, _) = await connections.SaveAsync(actor, null, new ConnectionDraft(HttpConnectionKind.Kind, "fake",
            new() { [HttpSettings.BaseUrl] = fake.BaseAddress.ToString() }, new() { [HttpSettings.SecretHeaders] = "Authorization: Bearer t0k" }), CancellationToken.None);

        var ok = await connections.TestAsync(actor, id!.Value, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Equal("Bearer t0k", fake.Requests.Single().Header("Authorization"));

        fake.Respond(401);
        var refused = await connections.TestAsync(actor, id.Value, CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Contains("credentials were refused", refused.Message);

        var (down, _) = await connections.SaveAsync(actor, null, new ConnectionDraft(HttpConnectionKind.Kind, "down",
            new() { [HttpSettings.BaseUrl] = "http://127.0.0.1:9" }, []), CancellationToken.None);
        var unreachable = await connections.TestAsync(actor, down!.Value, CancellationToken.None);
        Assert.False(unreachable.Succeeded);
        Assert.Equal("HTTP endpoint: could not reach 127.0.0.1:9 (connection refused). Check the base URL of the connection.", unreachable.Message);

        var stored = await host.DbAsync(db => Task.FromResult(db.Connections.Single(c => c.Id == id)));
        Assert.False(stored.LastTestSucceeded);
        Assert.NotNull(stored.LastTestLatencyMs);
        var audit = await host.DbAsync(db => Task.FromResult(db.AuditEntries.Count(a => a.Action == "connection.test")));
        Assert.Equal(3, audit);
    }

    [SkippableFact]
    public async Task Testing_a_postgresql_connection_runs_select_1_and_reports_a_wrong_password()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("target");
        var kind = new PostgreSqlConnectionKind();

        var ok = await kind.TestAsync(new ConnectionData(PostgreSqlConnectionKind.Kind, new Dictionary<string, string>(),
            new Dictionary<string, string> { [PostgreSqlConnectionKind.ConnectionString] = database }), CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Contains("Connected to", ok.Message);

        var wrongDatabase = new NpgsqlConnectionStringBuilder(database) { Database = "does_not_exist" }.ConnectionString;
        var refused = await kind.TestAsync(new ConnectionData(PostgreSqlConnectionKind.Kind, new Dictionary<string, string>(),
            new Dictionary<string, string> { [PostgreSqlConnectionKind.ConnectionString] = wrongDatabase }), CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Contains("does_not_exist", refused.Message);

        var down = await kind.TestAsync(new ConnectionData(PostgreSqlConnectionKind.Kind, new Dictionary<string, string>(),
            new Dictionary<string, string> { [PostgreSqlConnectionKind.ConnectionString] = "Host=127.0.0.1;Port=9;Database=x;Username=x;Password=hunter2" }), CancellationToken.None);
        Assert.False(down.Succeeded);
        Assert.StartsWith("Unreachable", down.Message);
        Assert.DoesNotContain("hunter2", down.Message);
    }
}

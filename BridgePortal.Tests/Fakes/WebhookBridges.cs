using System.Text;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Npgsql;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Fakes;

/// <summary>A signed-webhook bridge into the PostgreSQL document sink, and (optionally) its notifications bridge.</summary>
public sealed record WebhookBridge(Guid Id, string Key, string Secret, string SinkDatabase, Actor Owner, Guid? NotifyBridgeId);

public static class WebhookBridges
{
    public const string Secret = "It's a Secret to Everybody";

    /// <summary>
    /// A <paramref name="sourceKind"/> bridge into a fresh sink database (created on the test PostgreSQL, or a
    /// placeholder when <paramref name="sinkDatabase"/> is false and nothing is delivered), started unless told not to.
    /// </summary>
    public static async Task<WebhookBridge> CreateAsync(
        PortalHost host, string sourceKind, bool sinkDatabase = true, bool start = true, Uri? notify = null, Dictionary<string, string>? sinkSettings = null, string secret = Secret,
        Dictionary<string, string>? sourceSettings = null)
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var database = sinkDatabase ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync("sink") : "Host=127.0.0.1;Port=9;Database=none";
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<BridgePortal.Connectors.ConnectionService>();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var (pgId, pgErrors) = await connections.SaveAsync(owner, null, new BridgePortal.Connectors.ConnectionDraft(
            PostgreSqlConnectionKind.Kind, $"metrics-{Guid.NewGuid():N}", [], new() { [PostgreSqlConnectionKind.ConnectionString] = database }), CancellationToken.None);
        Assert.True(pgId is not null, string.Join("; ", pgErrors.Select(e => $"{e.Key}: {e.Value}")));

        var settings = new Dictionary<string, string> { [DocumentSinkSettings.CreateTables] = "true" };
        Guid? notifyId = null;
        if (notify is not null)
        {
            var (httpId, _) = await connections.SaveAsync(owner, null, new BridgePortal.Connectors.ConnectionDraft(
                HttpConnectionKind.Kind, $"evaluator-{Guid.NewGuid():N}", new() { [HttpSettings.BaseUrl] = notify.ToString() }, []), CancellationToken.None);
            var (notifyBridge, _, notifyErrors) = await bridges.CreateAsync(owner, new BridgeDraft(
                $"notify-{Guid.NewGuid():N}", DocumentNotifications.SourceKindName, null, [], HttpForwardSink.SinkKind, httpId, new() { [HttpSettings.Path] = "/recompute" }, null, 3),
                CancellationToken.None);
            Assert.True(notifyBridge is not null, string.Join("; ", notifyErrors.Select(e => $"{e.Key}: {e.Value}")));
            await bridges.SetStateAsync(owner, notifyBridge.Id, BridgeState.Running, CancellationToken.None);
            settings[DocumentSinkSettings.NotifyBridge] = notifyBridge.Key;
            notifyId = notifyBridge.Id;
        }

        foreach (var (k, v) in sinkSettings ?? [])
        {
            settings[k] = v;
        }

        var (bridge, _, errors) = await bridges.CreateAsync(owner, new BridgeDraft(
            $"{sourceKind}-{Guid.NewGuid():N}", sourceKind, null, sourceSettings ?? [], PostgreSqlDocumentSink.SinkKind, pgId, settings, null, 3,
            new() { [WebhookRequests.SecretSetting] = secret }), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        if (start)
        {
            await bridges.SetStateAsync(owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        }

        return new WebhookBridge(bridge.Id, bridge.Key, secret, database, owner, notifyId);
    }

    /// <summary>POSTs <paramref name="body"/> to <c>/hooks/{key}?prj=…</c> with the given headers.</summary>
    public static Task<HttpResponseMessage> PostAsync(
        HttpClient client, string key, string body, IEnumerable<(string Name, string Value)> headers, string? query = "?prj=ld-2026&quality_model=default")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{key}{query}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }

    /// <summary>A GitHub delivery of <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static Task<HttpResponseMessage> PostGitHubAsync(HttpClient client, string key, string @event, string body, string secret = Secret, string? delivery = null) =>
        PostAsync(client, key, body, [
            ("X-GitHub-Event", @event),
            ("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString()),
            ("X-Hub-Signature-256", Fakes.WebhookPayloads.HexHmacSha256(secret, body)),
        ]);

    /// <summary>Rows of <paramref name="sql"/> (one column) from the sink database.</summary>
    public static async Task<List<T>> QueryAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }
}

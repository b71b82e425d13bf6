using System.Net;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Npgsql;

namespace BridgePortal.Tests.Api;

/// <summary>Issue 17 item 6: with the database unreachable, ingest and hooks answer 503 problem+json with Retry-After, then recover.</summary>
public sealed class DatabaseDownTests
{
    [SkippableFact]
    public async Task Ingest_answers_503_with_Retry_After_while_PostgreSQL_is_unreachable_and_202_once_it_is_back()
    {
        var server = await PostgresServer.GetAsync();
        var direct = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        await using var proxy = new TcpProxy(direct.Port);
        proxy.Start();
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Postgres, new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = viaProxy });
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "before")).StatusCode);

        await proxy.StopAsync(); // the database goes away mid-test
        using (var down = await TestBridges.IngestAsync(client, bridge, """{"n":2}""", idempotencyKey: "during"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(30), down.Headers.RetryAfter?.Delta);
            Assert.Contains("Database unavailable", await down.Content.ReadAsStringAsync());
        }

        proxy.Start(); // and comes back on the same port
        await Eventually.UntilAsync(async () =>
        {
            using var again = await TestBridges.IngestAsync(client, bridge, """{"n":3}""", idempotencyKey: "after");
            return again.StatusCode == HttpStatusCode.Accepted;
        }, "ingest recovers", TimeSpan.FromSeconds(30));
        Assert.Equal(["after", "before"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId).Order().ToArray());
    }
}

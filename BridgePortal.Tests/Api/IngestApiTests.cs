using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Api;

public sealed class IngestApiTests
{
    private const string ModuleUpdate = """{ "module": "attendance", "data": { "id": 7, "present": true }, "session_id": "s-42" }""";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_module_update_is_acknowledged_after_commit_and_forwarded_signed_with_its_idempotency_key(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.SigningSecret = "shared-secret";
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, signingSecret: "shared-secret",
            sourceSettings: new() { [IngestSource.NaturalIdPath] = "session_id" }, sinkSettings: new() { [HttpSettings.Path] = "/bucket/updates" });
        using var client = host.CreateClient();

        var response = await TestBridges.IngestAsync(client, bridge, ModuleUpdate);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var record = body.RootElement.GetProperty("records")[0];
        Assert.Equal("s-42", record.GetProperty("naturalId").GetString());
        Assert.Equal("accepted", record.GetProperty("disposition").GetString());
        var stored = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal(record.GetProperty("id").GetInt64(), stored.Id);
        Assert.Equal("attendance", stored.Module);

        await fake.WaitForAsync(r => r.Count == 1);
        var sent = fake.Requests.Single();
        Assert.Equal("/bucket/updates", sent.Path);
        Assert.True(sent.SignatureValid);
        Assert.Equal("s-42:v1", sent.Header("Idempotency-Key"));
        Assert.Equal(JsonDocument.Parse(ModuleUpdate).RootElement.GetProperty("data").GetRawText().Replace(" ", ""),
            JsonDocument.Parse(sent.Body).RootElement.GetProperty("data").GetRawText());
        await host.UntilStatusAsync(bridge.Id, "s-42", RecordStatus.Delivered);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task The_same_natural_id_with_the_same_content_is_a_no_op_and_with_new_content_an_update(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();

        await TestBridges.IngestAsync(client, bridge, """{"v":1}""", idempotencyKey: "order-1");
        await host.UntilStatusAsync(bridge.Id, "order-1", RecordStatus.Delivered);
        var again = await TestBridges.IngestAsync(client, bridge, """{ "v" : 1 }""", idempotencyKey: "order-1");
        Assert.Contains("\"unchanged\"", await again.Content.ReadAsStringAsync());

        var changed = await TestBridges.IngestAsync(client, bridge, """{"v":2}""", idempotencyKey: "order-1");
        Assert.Contains("\"updated\"", await changed.Content.ReadAsStringAsync());
        await fake.WaitForAsync(r => r.Count == 2);
        await host.UntilStatusAsync(bridge.Id, "order-1", RecordStatus.Delivered);

        Assert.Equal(["order-1:v1", "order-1:v2"], fake.Requests.Select(r => r.Header("Idempotency-Key")));
        var record = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal(2, record.Version);
        Assert.Equal("""{"v":2}""", record.Payload);
    }

    [Fact]
    public async Task An_array_becomes_one_record_per_item_keyed_by_the_configured_path()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, sourceSettings: new() { [IngestSource.NaturalIdPath] = "data.id" });
        using var client = host.CreateClient();

        var response = await TestBridges.IngestAsync(client, bridge, """[{"data":{"id":1}},{"data":{"id":"two"}},{"data":{"id":1}}]""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["1", "two"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId));
        await fake.WaitForAsync(r => r.Count == 2);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Two_hundred_concurrent_requests_are_all_acknowledged_stored_and_delivered(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            TestBridges.IngestAsync(client, bridge, $$"""{"i":{{i}}}""", idempotencyKey: $"c-{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(200, (await host.RecordsAsync(bridge.Id)).Count);
        await fake.WaitForAsync(r => r.Select(x => x.Header("Idempotency-Key")).Distinct().Count() == 200, TimeSpan.FromSeconds(60));
    }

    public static TheoryData<string, string?, string?, string, int, string> BadRequests => new()
    {
        { "malformed JSON", "application/json", "{\"module\": ", "token", 400, "Malformed JSON" },
        { "JSON that is not an object", "application/json", "42", "token", 400, "JSON object or an array" },
        { "an empty array", "application/json", "[]", "token", 400, "empty" },
        { "an array with a non-object", "application/json", "[{\"a\":1}, 3]", "token", 400, "Item 1" },
        { "a missing natural id path", "application/json", "{\"no_session\":1}", "token", 400, "session_id" },
        { "no token", "application/json", ModuleUpdate, "none", 401, "Bearer" },
        { "a wrong token", "application/json", ModuleUpdate, "wrong", 401, "Bearer" },
        { "an unknown bridge", "application/json", ModuleUpdate, "unknown-bridge", 404, "No bridge" },
        { "a wrong content type", "text/plain", ModuleUpdate, "token", 415, "application/json" },
        { "an oversized body", "application/json", "{\"blob\":\"" + new string('x', 3000) + "\",\"session_id\":\"big\"}", "token", 413, "2048 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_precise_problem_and_writes_nothing_while_good_records_still_flow(
        string what, string? contentType, string? body, string auth, int status, string detail)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?> { ["Engine:MaxIngestBodyBytes"] = "2048" });
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, sourceSettings: new() { [IngestSource.NaturalIdPath] = "session_id" });
        using var client = host.CreateClient();
        await TestBridges.IngestAsync(client, bridge, ModuleUpdate.Replace("s-42", "before"));

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/{(auth == "unknown-bridge" ? "no-such-bridge" : bridge.Key)}")
        {
            Content = new StringContent(body ?? "", Encoding.UTF8, contentType ?? "application/json"),
        };
        if (auth != "none")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth == "wrong" ? "bp_wrong" : bridge.Token);
        }

        var response = await client.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{what}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(detail, problem);
        if (status == 401)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        await TestBridges.IngestAsync(client, bridge, ModuleUpdate.Replace("s-42", "after"));
        Assert.Equal(["before", "after"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId));
        await fake.WaitForAsync(r => r.Count == 2);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Status_and_health_report_counts_by_status_and_module_and_refuse_missing_tokens(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        await TestBridges.IngestAsync(client, bridge, """[{"module":"a"},{"module":"a"},{"module":"b"}]""");
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "all delivered");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/bridges/{bridge.Key}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/health")).StatusCode);

        var status = await GetJsonAsync(client, $"/api/bridges/{bridge.Key}/status", bridge.Token);
        Assert.Equal(3, status.GetProperty("total").GetInt32());
        Assert.Equal(3, status.GetProperty("byStatus").GetProperty("delivered").GetInt32());
        Assert.Equal(2, status.GetProperty("byModule").GetProperty("a").GetInt32());
        Assert.Equal(1, status.GetProperty("byModule").GetProperty("b").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("lastSyncAt").ValueKind);

        var health = await GetJsonAsync(client, "/api/health", bridge.Token);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(0, health.GetProperty("pendingQueue").GetInt32());
        Assert.Equal(0, health.GetProperty("errors24h").GetInt32());
        Assert.True(health.GetProperty("averageLatencyMs24h").GetDouble() >= 0);
        Assert.True(health.GetProperty("uptimeSeconds").GetInt64() >= 0);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

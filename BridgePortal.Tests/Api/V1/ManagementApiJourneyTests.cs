using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Api.V1;

/// <summary>A script drives a whole bridge through /api/v1 with a token made on the profile page.</summary>
public sealed class ManagementApiJourneyTests
{
    private const string SigningSecret = "hmac-secret-4f9c2a7e";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_script_creates_starts_and_operates_a_bridge_by_token_and_never_sees_a_secret(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.SigningSecret = SigningSecret;
        await using var host = await PortalHost.StartAsync(storage);
        using var portal = await TestUsers.LoggedInAsync(host, BridgeRoles.Operator);
        var token = await ApiClient.CreateTokenOnProfilePageAsync(portal, "deploy script");
        using var api = ApiClient.Create(host, token);
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);

        var connection = await api.PostAsync("/api/v1/connections", new
        {
            kind = "Http",
            name = "central",
            settings = new Dictionary<string, string> { ["BaseUrl"] = fake.BaseAddress.ToString() },
            secrets = new Dictionary<string, string> { ["SigningSecret"] = SigningSecret },
        }, HttpStatusCode.Created);
        Assert.Equal("set", connection.GetProperty("secrets").GetProperty("SigningSecret").GetString());
        Assert.Equal("not set", connection.GetProperty("secrets").GetProperty("SecretHeaders").GetString());

        var created = await api.PostAsync("/api/v1/bridges", new
        {
            name = "orders",
            sourceKind = "Ingest",
            sourceSettings = new Dictionary<string, string> { ["NaturalIdPath"] = "order" },
            sinkKind = "Http",
            sinkConnectionId = connection.GetProperty("id").GetGuid(),
            sinkSettings = new Dictionary<string, string> { ["Path"] = "/orders" },
            maxRetries = 0,
        }, HttpStatusCode.Created);
        var bridgeId = created.GetProperty("bridge").GetProperty("id").GetGuid();
        var key = created.GetProperty("bridge").GetProperty("key").GetString()!;
        var ingestToken = created.GetProperty("ingestToken").GetString()!;
        Assert.Equal("Stopped", created.GetProperty("bridge").GetProperty("state").GetString());
        Assert.Equal("Running", (await api.PostAsync($"/api/v1/bridges/{bridgeId}/start", null)).GetProperty("state").GetString());

        using var ingest = host.CreateClient();
        await IngestAsync(ingest, key, ingestToken, """{"order":"o-1","total":12}""");
        await UntilAsync(api, $"/api/v1/records?bridgeId={bridgeId}&status=Delivered&naturalId=o-1", 1);
        Assert.True(Assert.Single(fake.Requests).SignatureValid);

        // A permanent refusal fails the record with the receiver's words; the API finds it by its error text.
        fake.Respond(422, "rejected: unknown postcode");
        await IngestAsync(ingest, key, ingestToken, """{"order":"o-2","total":5}""");
        var failed = await UntilAsync(api, $"/api/v1/records?bridgeId={bridgeId}&status=Failed&error=POSTCODE", 1);
        var failedId = failed.GetProperty("records")[0].GetProperty("id").GetInt64();
        var detail = await api.GetJsonAsync($"/api/v1/records/{failedId}");
        Assert.Equal(5, detail.GetProperty("payload").GetProperty("total").GetInt32());
        Assert.Equal(422, detail.GetProperty("attempts")[0].GetProperty("httpStatus").GetInt32());

        fake.Heal();
        Assert.Equal(1, (await api.PostAsync("/api/v1/records/retry", new { ids = new[] { failedId } })).GetProperty("count").GetInt32());
        await UntilAsync(api, $"/api/v1/records?bridgeId={bridgeId}&status=Delivered", 2);

        fake.Respond(422, "rejected: duplicate");
        await IngestAsync(ingest, key, ingestToken, """{"order":"o-3","total":1}""");
        var third = await UntilAsync(api, $"/api/v1/records?bridgeId={bridgeId}&status=Failed", 1);
        var thirdId = third.GetProperty("records")[0].GetProperty("id").GetInt64();
        Assert.Equal(1, (await api.PostAsync("/api/v1/records/discard", new { ids = new[] { thirdId } })).GetProperty("count").GetInt32());
        await UntilAsync(api, $"/api/v1/records?bridgeId={bridgeId}&status=Failed", 0);

        fake.Heal();
        var sentBefore = fake.Requests.Count;
        var replay = await api.PostAsync($"/api/v1/bridges/{bridgeId}/replay", new { from = started, to = DateTimeOffset.UtcNow.AddMinutes(1) });
        Assert.Equal(2, replay.GetProperty("replayed").GetInt32());
        await fake.WaitForAsync(r => r.Count == sentBefore + 2, TimeSpan.FromSeconds(60));
        Assert.Equal(["o-1", "o-2"], fake.Requests.Skip(sentBefore).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("order").GetString()).Order());
        await api.PostAsync("/api/v1/records/retry", new { }, HttpStatusCode.BadRequest);

        var audit = await api.GetJsonAsync($"/api/v1/audit?bridgeId={bridgeId}&take=100");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "bridge.create", "bridge.start", "record.retry", "record.discard", "record.replay" }, actions);
        var mine = await api.GetJsonAsync("/api/v1/audit?take=100");
        Assert.Contains(mine.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "connection.create");
        Assert.Contains(mine.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "token.create");

        var stats = await api.GetJsonAsync($"/api/v1/bridges/{bridgeId}/stats");
        // o-3 counts while discarding keeps a record (as Discarded) and not while it deletes one.
        Assert.InRange(stats.GetProperty("total").GetInt32(), 2, 3);
        await api.GetJsonAsync("/api/v1/stats?window=LastHour");
        await api.GetJsonAsync($"/api/v1/connections/{connection.GetProperty("id").GetGuid()}");
        await api.GetJsonAsync($"/api/v1/bridges/{bridgeId}");

        Assert.All(api.Bodies, body => Assert.DoesNotContain(SigningSecret, body));
        Assert.All(api.Bodies, body => Assert.DoesNotContain(token, body));
        Assert.Single(api.Bodies, body => body.Contains(ingestToken)); // the creation answer, and only it
        var profile = await (await portal.GetAsync("/Account/Manage/AccessTokens")).Content.ReadAsStringAsync();
        Assert.Contains("deploy script", profile);
        Assert.DoesNotContain(token, profile);
        Assert.Matches("data-testid=\"token-last-used\">\\d{4}-\\d\\d-\\d\\d", profile);
    }

    private static async Task IngestAsync(HttpClient client, string key, string token, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/{key}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
    }

    private static async Task<JsonElement> UntilAsync(ApiClient api, string search, int total)
    {
        var page = default(JsonElement);
        await Eventually.UntilAsync(
            async () => (page = await api.GetJsonAsync(search)).GetProperty("total").GetInt32() == total,
            $"{search} lists {total} record(s)");
        return page;
    }
}

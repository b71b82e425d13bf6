using System.Net;
using System.Text.Json;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Api.V1;

/// <summary>The management API keeps the portal's rules: roles, ownership, and only live tokens of unlocked users.</summary>
public sealed class ManagementApiAccessTests
{
    private static readonly object HttpConnection = new
    {
        kind = "Http",
        name = "target",
        settings = new Dictionary<string, string> { ["BaseUrl"] = "http://127.0.0.1:9/" },
        secrets = new Dictionary<string, string>(),
    };

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Roles_and_ownership_apply_and_follow_the_users_current_role(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var (owner, ownerToken) = await TokenAsync(host, BridgeRoles.Operator);
        var (other, otherToken) = await TokenAsync(host, BridgeRoles.Operator);
        var (_, viewerToken) = await TokenAsync(host, BridgeRoles.Viewer);
        using var ownerApi = ApiClient.Create(host, ownerToken);
        using var otherApi = ApiClient.Create(host, otherToken);
        using var viewerApi = ApiClient.Create(host, viewerToken);

        await viewerApi.PostAsync("/api/v1/connections", HttpConnection, HttpStatusCode.Forbidden);
        await viewerApi.PostAsync("/api/v1/bridges", new { name = "x", sourceKind = "Ingest", sinkKind = "Http" }, HttpStatusCode.Forbidden);
        var connection = await ownerApi.PostAsync("/api/v1/connections", HttpConnection, HttpStatusCode.Created);
        var id = connection.GetProperty("id").GetGuid();

        await otherApi.GetJsonAsync($"/api/v1/connections/{id}", HttpStatusCode.NotFound);
        Assert.Empty((await otherApi.GetJsonAsync("/api/v1/connections")).EnumerateArray());
        await otherApi.SendJsonAsync(HttpMethod.Put, $"/api/v1/connections/{id}", HttpConnection, HttpStatusCode.NotFound);
        await otherApi.SendJsonAsync(HttpMethod.Delete, $"/api/v1/connections/{id}", null, HttpStatusCode.NotFound);
        await otherApi.PostAsync($"/api/v1/connections/{id}/test", null, HttpStatusCode.NotFound);

        var bridge = await TestBridges.CreateHttpBridgeAsync(host, new Uri("http://127.0.0.1:9/"), start: false, owner: owner);
        await otherApi.PostAsync($"/api/v1/bridges/{bridge.Id}/start", null, HttpStatusCode.NotFound);
        await otherApi.GetJsonAsync($"/api/v1/bridges/{bridge.Id}", HttpStatusCode.NotFound);
        Assert.True((await viewerApi.GetJsonAsync($"/api/v1/bridges/{bridge.Id}")).GetProperty("editable").GetBoolean() is false);
        await viewerApi.PostAsync($"/api/v1/bridges/{bridge.Id}/stop", null, HttpStatusCode.Forbidden);
        await ownerApi.PostAsync($"/api/v1/bridges/{bridge.Id}/poll", null, HttpStatusCode.Conflict);

        // An Admin's change of role or a lock reaches the user's tokens with the next request.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            Assert.True((await admin.ChangeRoleAsync(owner.Id, BridgeRoles.Viewer)).Succeeded);
            Assert.True((await admin.LockAsync(other.Id)).Succeeded);
        }

        await ownerApi.PostAsync("/api/v1/connections", HttpConnection, HttpStatusCode.Forbidden);
        await ownerApi.GetJsonAsync("/api/v1/bridges");
        await otherApi.GetJsonAsync("/api/v1/bridges", HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Revoked_expired_foreign_and_cookie_credentials_get_401_problems(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        using var portal = await TestUsers.LoggedInAsync(host, BridgeRoles.Operator);
        var revoked = await ApiClient.CreateTokenOnProfilePageAsync(portal, "to revoke");
        var expired = await ApiClient.CreateTokenOnProfilePageAsync(portal, "to expire");
        using (var api = ApiClient.Create(host, revoked))
        {
            await api.GetJsonAsync("/api/v1/bridges");
        }

        var page = await (await portal.GetAsync("/Account/Manage/AccessTokens")).Content.ReadAsStringAsync();
        var revokeId = System.Text.RegularExpressions.Regex.Match(page, "<td>to revoke</td>.*?name=\"Revoke.TokenId\" value=\"([0-9a-f-]+)\"", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var revokedPage = await portal.SubmitFormAsync("/Account/Manage/AccessTokens", "revoke-token", new Dictionary<string, string> { ["Revoke.TokenId"] = revokeId });
        Assert.Contains("The token is revoked.", await revokedPage.Content.ReadAsStringAsync());
        await host.DbAsync(db => db.PersonalAccessTokens.Where(t => t.Name == "to expire")
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, new Uri("http://127.0.0.1:9/"), start: false);

        foreach (var credential in new[] { revoked, expired, bridge.Token, "bp_pat_made-up", null })
        {
            using var api = ApiClient.Create(host, credential);
            var response = await api.Http.GetAsync("/api/v1/bridges");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        // The portal's own cookie does not open the API (so the API needs no antiforgery).
        var cookieOnly = await portal.Http.GetAsync("/api/v1/bridges");
        Assert.Equal(HttpStatusCode.Unauthorized, cookieOnly.StatusCode);
        var cookiePost = await portal.Http.PostAsync("/api/v1/connections", System.Net.Http.Json.JsonContent.Create(HttpConnection));
        Assert.Equal(HttpStatusCode.Unauthorized, cookiePost.StatusCode);
        Assert.Equal(1, await host.DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "token.revoke")));
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Bad_input_gets_a_400_problem_and_stores_nothing(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var (_, token) = await TokenAsync(host, BridgeRoles.Operator);
        using var api = ApiClient.Create(host, token);

        foreach (var body in new[] { "{not json", """{"kind":"Nope","name":"x"}""", """{"kind":7,"name":"x"}""" })
        {
            var response = await api.Http.PostAsync("/api/v1/connections", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var invalid = await api.PostAsync("/api/v1/connections", new { kind = "Http", name = "", settings = new { }, secrets = new { } }, HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("Name", out _));
        var noKind = await api.PostAsync("/api/v1/connections", new { name = "no kind" }, HttpStatusCode.BadRequest);
        Assert.True(noKind.GetProperty("errors").TryGetProperty("Kind", out _));
        var bridge = await api.PostAsync("/api/v1/bridges", new { name = "b", sourceKind = "Nope", sinkKind = "Http" }, HttpStatusCode.BadRequest);
        Assert.True(bridge.GetProperty("errors").TryGetProperty("SourceKind", out _));
        await api.GetJsonAsync("/api/v1/records?take=0", HttpStatusCode.BadRequest);
        await api.GetJsonAsync("/api/v1/records?status=Sideways", HttpStatusCode.BadRequest);
        await api.PostAsync($"/api/v1/bridges/{Guid.NewGuid()}/replay", new { from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(-1) }, HttpStatusCode.BadRequest);
        await api.PostAsync($"/api/v1/bridges/{Guid.NewGuid()}/replay", new { from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow }, HttpStatusCode.NotFound);
        Assert.Equal(0, await host.DbAsync(db => db.Connections.CountAsync()));
    }

    [Fact]
    public async Task An_unknown_kind_is_a_400_naming_the_known_kinds_and_a_known_one_in_any_case_is_saved_as_declared()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var api = ApiClient.Create(host, (await TokenAsync(host, BridgeRoles.Operator)).Token);

        var unknown = await api.Http.PostAsync("/api/v1/connections", new StringContent("""{"kind":"Nope","name":"x"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var reason = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("Kind")[0].GetString();
        Assert.Contains("'Nope'", reason);
        Assert.All(new[] { "Http", "PostgreSql", "Kobo", "EventHubs", "Salesforce", "AtHoc", "CommCare", "GitHub" }, k => Assert.Contains(k, reason));

        var created = await api.PostAsync("/api/v1/connections",
            new { kind = "http", name = "central", settings = new Dictionary<string, string> { ["BaseUrl"] = "https://central.example.org" } }, HttpStatusCode.Created);
        Assert.Equal("Http", created.GetProperty("kind").GetString());
        Assert.Equal(["Http"], await host.DbAsync(db => db.Database.SqlQueryRaw<string>("""SELECT "Kind" AS "Value" FROM "Connections" """).ToListAsync()));
    }

    [Fact]
    public async Task The_document_describes_a_kind_as_a_string_of_the_registered_kinds()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var api = ApiClient.Create(host, (await TokenAsync(host, BridgeRoles.Viewer)).Token);
        var schemas = (await api.GetJsonAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");

        foreach (var owner in new[] { "ConnectionDto", "ConnectionInput" })
        {
            // The kind may be inline or a component reference (as the enum was); either way it is a string of the kinds.
            var property = schemas.GetProperty(owner).GetProperty("properties").GetProperty("kind");
            var reference = System.Text.RegularExpressions.Regex.Match(property.GetRawText(), "#/components/schemas/(\\w+)");
            var kind = reference.Success ? schemas.GetProperty(reference.Groups[1].Value) : property;
            var type = kind.GetProperty("type");
            Assert.Contains("string", type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString())] : new[] { type.GetString() });
            Assert.Equal(["AtHoc", "CommCare", "EventHubs", "GitHub", "Http", "Kobo", "PostgreSql", "Salesforce"], kind.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
        }
    }

    private static async Task<(Actor Actor, string Token)> TokenAsync(PortalHost host, string role)
    {
        var actor = await TestBridges.ActorAsync(host, role);
        await using var scope = host.Services.CreateAsyncScope();
        var (token, error) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(actor, "test", null, CancellationToken.None);
        Assert.True(token is not null, error);
        return (actor, token);
    }
}

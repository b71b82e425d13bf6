using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>CommCare's data forwarder posts forms to <c>/hooks/{key}</c>: stored once by form id, routed by xmlns, delivered on.</summary>
public sealed class CommCareFormIntakeTests
{
    private const string User = "commcare-forwarder";
    private const string Password = "forwarder-pa55-never-logged";

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Forwarded_forms_are_stored_once_by_id_with_their_form_type_and_delivered(StorageKind storage)
    {
        await using var target = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await CommCareBridgeAsync(host, target);
        var client = host.CreateClient();

        var forms = Enumerable.Range(1, 3).Select(n => CommCarePayloads.FarmerRegistrationForm(n)).ToList();
        foreach (var form in forms)
        {
            var response = await ForwardAsync(client, bridge.Key, form.ToJsonString(), Basic(User, Password));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // CommCare re-sends a form whenever it saw no 2xx: the same form again is the same record.
        Assert.Equal(HttpStatusCode.Accepted, (await ForwardAsync(client, bridge.Key, forms[0].ToJsonString(), Basic(User, Password))).StatusCode);

        await target.WaitForAsync(r => r.Count >= 3);
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(CommCarePayloads.FarmerRegistration, r.Module));
        Assert.Equal(forms.Select(f => f["id"]!.GetValue<string>()).Order(), records.Select(r => r.NaturalId).Order());
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "all three delivered");

        var delivered = JsonNode.Parse(target.Requests.First(r => r.Body.Contains("FR-000002")).Body)!;
        Assert.Equal("Farmer 2", delivered["form"]!["farmer_name"]!.GetValue<string>());
        Assert.Equal(3, target.Requests.Count);
    }

    [SkippableFact]
    public async Task Wrong_auth_xml_malformed_json_and_a_body_without_form_are_refused_precisely_while_good_forms_flow()
    {
        await using var target = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await CommCareBridgeAsync(host, target);
        var client = host.CreateClient();
        var good = CommCarePayloads.FarmerRegistrationForm(1).ToJsonString();

        var noAuth = await ForwardAsync(client, bridge.Key, good, null);
        Assert.Equal(HttpStatusCode.Unauthorized, noAuth.StatusCode);
        Assert.Equal("Basic", noAuth.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ForwardAsync(client, bridge.Key, good, Basic(User, "wrong"))).StatusCode);

        var xml = await ForwardAsync(client, bridge.Key, "<data xmlns=\"http://openrosa.org/formdesigner/x\"/>", Basic(User, Password), "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Contains("payload format to JSON", await xml.Content.ReadAsStringAsync());

        var malformed = await ForwardAsync(client, bridge.Key, good[..^5], Basic(User, Password));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Malformed JSON", await malformed.Content.ReadAsStringAsync());

        var notAForm = await ForwardAsync(client, bridge.Key, "{\"id\":\"x\",\"case_id\":\"c\"}", Basic(User, Password));
        Assert.Equal(HttpStatusCode.BadRequest, notAForm.StatusCode);
        Assert.Contains("has a 'form' object", await notAForm.Content.ReadAsStringAsync());

        var noId = CommCarePayloads.FarmerRegistrationForm(9);
        noId.Remove("id");
        ((JsonObject)noId["form"]!["meta"]!).Remove("instanceID");
        var idless = await ForwardAsync(client, bridge.Key, noId.ToJsonString(), Basic(User, Password));
        Assert.Equal(HttpStatusCode.BadRequest, idless.StatusCode);
        Assert.Contains("neither an 'id' nor a 'form.meta.instanceID'", await idless.Content.ReadAsStringAsync());

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        Assert.Equal(HttpStatusCode.Accepted, (await ForwardAsync(client, bridge.Key, good, Basic(User, Password))).StatusCode);
        await target.WaitForAsync(r => r.Count == 1);
        Assert.Single(await host.RecordsAsync(bridge.Id));
    }

    [SkippableFact]
    public async Task A_bearer_token_forwarder_needs_exactly_that_token()
    {
        await using var target = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, target.BaseAddress,
            sourceKind: CommCareFormReceiver.SourceKind, sourceSecrets: new() { [CommCareSettings.WebhookToken] = "tok-123" });
        var client = host.CreateClient();
        var form = CommCarePayloads.FarmerRegistrationForm(4).ToJsonString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await ForwardAsync(client, bridge.Key, form, new AuthenticationHeaderValue("Bearer", "tok-12"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ForwardAsync(client, bridge.Key, form, new AuthenticationHeaderValue("Bearer", "tok-123"))).StatusCode);
        await target.WaitForAsync(r => r.Count == 1);
    }

    [SkippableFact]
    public async Task Test_connection_makes_one_api_key_call_and_names_a_refused_key_and_an_unknown_project_space()
    {
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddForm(CommCarePayloads.FarmerRegistrationForm(1));
        commCare.AddForm(CommCarePayloads.FarmerRegistrationForm(2));
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        async Task<ConnectionTestResult> TestAsync(string domain, string key)
        {
            var (id, errors) = await connections.SaveAsync(owner, null, new ConnectionDraft(CommCareConnectionKind.Kind, $"cc-{Guid.NewGuid():N}",
                new() { [CommCareSettings.ServerUrl] = commCare.BaseAddress.ToString(), [CommCareSettings.Domain] = domain, [CommCareSettings.Username] = commCare.Username },
                new() { [CommCareSettings.ApiKey] = key }), CancellationToken.None);
            Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
            return await connections.TestAsync(owner, id.Value, CancellationToken.None);
        }

        var ok = await TestAsync(commCare.Domain, commCare.ApiKey);
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Contains($"project space '{commCare.Domain}'", ok.Message);
        Assert.Contains("2 form(s)", ok.Message);

        var refused = await TestAsync(commCare.Domain, "not-the-key");
        Assert.False(refused.Succeeded);
        Assert.Contains("CommCare refused the username / API key (401)", refused.Message);
        Assert.DoesNotContain("not-the-key", refused.Message);

        var unknown = await TestAsync("no-such-space", commCare.ApiKey);
        Assert.False(unknown.Succeeded);
        Assert.Contains("no project space 'no-such-space'", unknown.Message);

        var (_, invalid) = await connections.SaveAsync(owner, null, new ConnectionDraft(CommCareConnectionKind.Kind, "bad",
            new() { [CommCareSettings.Domain] = "a/b", [CommCareSettings.Username] = "u" }, new() { [CommCareSettings.ApiKey] = "k" }), CancellationToken.None);
        Assert.Contains("only letters, digits and '-'", invalid[CommCareSettings.Domain]);
    }

    private static Task<TestBridge> CommCareBridgeAsync(PortalHost host, FakeHttpEndpoint target) =>
        TestBridges.CreateHttpBridgeAsync(host, target.BaseAddress, sourceKind: CommCareFormReceiver.SourceKind,
            sourceSettings: new() { [CommCareSettings.WebhookUsername] = User }, sourceSecrets: new() { [CommCareSettings.WebhookPassword] = Password });

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static Task<HttpResponseMessage> ForwardAsync(HttpClient client, string key, string body, AuthenticationHeaderValue? auth, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{key}") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Authorization = auth;
        return client.SendAsync(request);
    }
}

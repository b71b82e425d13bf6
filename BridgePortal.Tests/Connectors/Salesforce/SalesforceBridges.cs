using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>A CommCare forms → Salesforce bridge created through the app's services; forms are forwarded with <see cref="ForwarderToken"/>.</summary>
public sealed record SalesforceBridge(Guid Id, string Key, Guid ConnectionId, Actor Owner);

public static class SalesforceBridges
{
    public const string ForwarderToken = "commcare-forwarder-token-1";

    /// <summary>The fake's credentials for <paramref name="flow"/>; <paramref name="change"/> may spoil some.</summary>
    public static ConnectionDraft Draft(FakeSalesforce salesforce, string flow = SalesforceSettings.PasswordFlow, Action<Dictionary<string, string>, Dictionary<string, string>>? change = null)
    {
        var settings = new Dictionary<string, string>
        {
            [SalesforceSettings.LoginUrl] = salesforce.BaseAddress.ToString(),
            [SalesforceSettings.Flow] = flow,
            [SalesforceSettings.ClientId] = salesforce.ClientId,
        };
        var secrets = new Dictionary<string, string> { [SalesforceSettings.ClientSecret] = salesforce.ClientSecret };
        if (flow == SalesforceSettings.PasswordFlow)
        {
            settings[SalesforceSettings.Username] = salesforce.Username;
            secrets[SalesforceSettings.Password] = salesforce.Password;
            secrets[SalesforceSettings.SecurityToken] = salesforce.SecurityToken;
        }

        change?.Invoke(settings, secrets);
        return new ConnectionDraft(SalesforceConnectionKind.Kind, $"sf-{Guid.NewGuid():N}", settings, secrets);
    }

    public static async Task<Guid> ConnectionAsync(PortalHost host, Actor owner, ConnectionDraft draft)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, draft, CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    /// <summary>CommCare forms (bearer-token forwarder) → the fake org with <paramref name="mapping"/>; started unless told not to.</summary>
    public static async Task<SalesforceBridge> CreateAsync(PortalHost host, FakeSalesforce salesforce, string mapping, bool start = true, Actor? owner = null)
    {
        owner ??= await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connectionId = await ConnectionAsync(host, owner, Draft(salesforce));
        await using var scope = host.Services.CreateAsyncScope();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var (bridge, _, errors) = await bridges.CreateAsync(owner, new BridgeDraft(
            $"commcare-sf-{Guid.NewGuid():N}", CommCareFormReceiver.SourceKind, null, [],
            SalesforceSink.SinkKind, connectionId, new() { [SalesforceSettings.Mappings] = mapping }, null, 3,
            new() { [CommCareSettings.WebhookToken] = ForwarderToken }), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        if (start)
        {
            await bridges.SetStateAsync(owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        }

        return new SalesforceBridge(bridge.Id, bridge.Key, connectionId, owner);
    }

    public static async Task SetStateAsync(PortalHost host, SalesforceBridge bridge, BridgeState state)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BridgeService>().SetStateAsync(bridge.Owner, bridge.Id, state, CancellationToken.None);
    }

    /// <summary>Posts one form to the bridge's webhook as CommCare's data forwarder does; asserts the 202.</summary>
    public static async Task ForwardAsync(HttpClient client, string key, JsonObject form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"hooks/{key}") { Content = new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ForwarderToken);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Forwards <paramref name="forms"/> as several CommCare forwarder connections would, a few at a time.</summary>
    public static Task ForwardAllAsync(HttpClient client, string key, IEnumerable<JsonObject> forms) =>
        Parallel.ForEachAsync(forms, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (form, _) => await ForwardAsync(client, key, form));

    /// <summary>Waits until no record of the bridge is Pending or Delivering.</summary>
    public static Task UntilSettledAsync(PortalHost host, Guid bridgeId, int count, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async () => (await host.RecordsAsync(bridgeId)) is var records && records.Count == count
                && records.All(r => r.Status is RecordStatus.Delivered or RecordStatus.Failed),
            $"all {count} records are Delivered or Failed", timeout ?? TimeSpan.FromSeconds(120));
}

using System.Net.Http.Headers;
using System.Text;
using BridgePortal.Connectors;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Connectors.CommCare.Cases;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.CommCare;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>Salesforce records (webhook) → CommCare cases bridges created through the app's services.</summary>
public static class SalesforceToCommCareBridges
{
    public const string Secret = "sf-flow-callout-secret-7f3a";

    public static async Task<Guid> CommCareConnectionAsync(PortalHost host, Actor owner, FakeCommCare commCare)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, new ConnectionDraft(
            CommCareConnectionKind.Kind, $"commcare-{Guid.NewGuid():N}",
            new() { [CommCareSettings.ServerUrl] = commCare.BaseAddress.ToString(), [CommCareSettings.Domain] = commCare.Domain, [CommCareSettings.Username] = commCare.Username },
            new() { [CommCareSettings.ApiKey] = commCare.ApiKey }),
            CancellationToken.None);
        Assert.True(id is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return id.Value;
    }

    public static BridgeDraft Draft(Guid connectionId, string mappings = SalesforcePayloads.Mappings, int? parallel = null, Dictionary<string, string>? sourceSettings = null, int maxRetries = 3)
    {
        var sink = new Dictionary<string, string> { [CaseSinkSettings.CaseMappings] = mappings, [CaseSinkSettings.UserId] = "api-user-0001" };
        if (parallel is { } n)
        {
            sink[CaseSinkSettings.ParallelSubmissions] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new BridgeDraft($"sf-cc-{Guid.NewGuid():N}", SalesforceRecordsReceiver.SourceKind, null, sourceSettings ?? [],
            CommCareCaseSink.SinkKind, connectionId, sink, null, maxRetries, new() { [SalesforceRecordsSettings.Secret] = Secret });
    }

    /// <summary>A running bridge from the Salesforce records hook to <paramref name="commCare"/> with the documented mappings.</summary>
    public static async Task<TestBridge> CreateAsync(
        PortalHost host, FakeCommCare commCare, int? parallel = null, Dictionary<string, string>? sourceSettings = null, int maxRetries = 3)
    {
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connectionId = await CommCareConnectionAsync(host, owner, commCare);
        await using var scope = host.Services.CreateAsyncScope();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var (bridge, token, errors) = await bridges.CreateAsync(owner, Draft(connectionId, parallel: parallel, sourceSettings: sourceSettings, maxRetries: maxRetries), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        await bridges.SetStateAsync(owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        return new TestBridge(bridge.Id, bridge.Key, token!, connectionId, owner);
    }

    /// <summary>POSTs Salesforce records to the bridge's hook, as a Flow HTTP callout does.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, TestBridge bridge, string json, string? bearer = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{bridge.Key}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }
}

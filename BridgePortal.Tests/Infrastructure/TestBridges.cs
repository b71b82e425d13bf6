using System.Net.Http.Headers;
using System.Text;
using BridgePortal.Connectors;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using Microsoft.AspNetCore.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>A bridge created through the app's own services, with its one-time ingest token.</summary>
public sealed record TestBridge(Guid Id, string Key, string Token, Guid ConnectionId, Actor Owner);

public static class TestBridges
{
    /// <summary>A signed-in user of <paramref name="role"/> as the services see them.</summary>
    public static async Task<Actor> ActorAsync(PortalHost host, string role, string? email = null)
    {
        await TestUsers.EnsureAdminAsync(host);
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            await TestUsers.CreateAsync(host, email, role);
            user = (await users.FindByEmailAsync(email))!;
        }

        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        return new Actor(principal);
    }

    /// <summary>Ingest (or <paramref name="sourceKind"/>) → Http bridge to <paramref name="target"/>, created by a new Operator; started unless told not to.</summary>
    public static async Task<TestBridge> CreateHttpBridgeAsync(
        PortalHost host,
        Uri target,
        bool start = true,
        string? signingSecret = null,
        Dictionary<string, string>? sinkSettings = null,
        Dictionary<string, string>? sourceSettings = null,
        int maxRetries = 3,
        string? mapping = null,
        Actor? owner = null,
        string? sourceKind = null,
        Dictionary<string, string>? sourceSecrets = null)
    {
        owner ??= await ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
        var secrets = new Dictionary<string, string>();
        if (signingSecret is not null)
        {
            secrets[HttpSettings.SigningSecret] = signingSecret;
        }

        var (connectionId, connectionErrors) = await connections.SaveAsync(owner, null, new ConnectionDraft(
            HttpConnectionKind.Kind, $"central-{Guid.NewGuid():N}", new() { [HttpSettings.BaseUrl] = target.ToString() }, secrets), CancellationToken.None);
        Assert.True(connectionId is not null, string.Join("; ", connectionErrors.Select(e => $"{e.Key}: {e.Value}")));

        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var (bridge, token, errors) = await bridges.CreateAsync(owner, new BridgeDraft(
            $"bridge-{Guid.NewGuid():N}", sourceKind ?? IngestSource.Kind, null, sourceSettings ?? [],
            HttpForwardSink.SinkKind, connectionId, sinkSettings ?? [], mapping, maxRetries, sourceSecrets), CancellationToken.None);
        Assert.True(bridge is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        if (start)
        {
            await bridges.SetStateAsync(owner, bridge.Id, BridgeState.Running, CancellationToken.None);
        }

        return new TestBridge(bridge.Id, bridge.Key, token!, connectionId.Value, owner);
    }

    /// <summary>POSTs <paramref name="json"/> to the bridge's ingest API.</summary>
    public static Task<HttpResponseMessage> IngestAsync(HttpClient client, TestBridge bridge, string json, string? idempotencyKey = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/{bridge.Key}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? bridge.Token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }
}

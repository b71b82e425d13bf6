using BridgePortal.Connectors;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using Microsoft.AspNetCore.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Bench;

/// <summary>An Ingest → Http bridge created and started through the app's own services, and its one-time ingest token.</summary>
public sealed record BenchBridge(Guid Id, string Key, string Token)
{
    public static async Task<BenchBridge> CreateAsync(IServiceProvider services, Uri sink, int? sinkParallelism, CancellationToken cancellationToken, bool start = true)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var actor = await AdminAsync(provider);

        var (connectionId, connectionErrors) = await provider.GetRequiredService<ConnectionService>().SaveAsync(actor, null, new ConnectionDraft(
            HttpConnectionKind.Kind, "bench-sink", new() { [HttpSettings.BaseUrl] = sink.ToString() }, []), cancellationToken);
        Check(connectionId is not null, "Http connection", connectionErrors.Select(e => $"{e.Key}: {e.Value}"));

        var bridges = provider.GetRequiredService<BridgeService>();
        var (bridge, token, errors) = await bridges.CreateAsync(actor, new BridgeDraft(
            "bench", IngestSource.Kind, null, [], HttpForwardSink.SinkKind, connectionId,
            sinkParallelism is { } p ? new() { [HttpSettings.Parallelism] = p.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
            null), cancellationToken);
        Check(bridge is not null, "bridge", errors.Select(e => $"{e.Key}: {e.Value}"));
        if (start)
        {
            await bridges.SetStateAsync(actor, bridge!.Id, BridgeState.Running, cancellationToken);
        }

        return new BenchBridge(bridge!.Id, bridge.Key, token!);
    }

    /// <summary>A fresh admin user of the portal, as the actor the bench creates things with.</summary>
    public static async Task<Actor> AdminAsync(IServiceProvider provider)
    {
        var email = $"bench-admin-{Guid.NewGuid():N}@example.org";
        var created = await provider.GetRequiredService<UserAdministration>()
            .CreateUserAsync(email, $"Bench-{Guid.NewGuid():N}-9aA", BridgeRoles.Admin);
        Check(created.Succeeded, "admin user", created.Errors.Select(e => e.Description));

        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        return new Actor(await provider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user));
    }

    internal static void Check(bool ok, string what, IEnumerable<string> errors)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"Could not create the {what}: {string.Join("; ", errors)}");
        }
    }
}

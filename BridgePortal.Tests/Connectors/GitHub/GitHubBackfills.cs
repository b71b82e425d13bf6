using BridgePortal.Connectors;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.GitHub;

/// <summary>A GitHub webhook bridge made ready to back-fill from a <see cref="FakeGitHub"/>, and its back-fill runs.</summary>
public static class GitHubBackfills
{
    public const string Prj = "ld-2026";
    public const string QualityModel = "default";

    /// <summary>Gives <paramref name="bridge"/>'s owner a GitHub connection to <paramref name="github"/> and sets the bridge's back-fill settings.</summary>
    public static async Task<Guid> ConfigureAsync(PortalHost host, WebhookBridge bridge, FakeGitHub github, string? token = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (connectionId, errors) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(bridge.Owner, null, new ConnectionDraft(
            GitHubConnectionKind.Kind, $"github-{Guid.NewGuid():N}", new() { [GitHubSettings.ApiBaseUrl] = github.BaseAddress.ToString() },
            new() { [GitHubSettings.Token] = token ?? github.Token }), CancellationToken.None);
        Assert.True(connectionId is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));

        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();
        var current = await bridges.GetAsync(bridge.Owner, bridge.Id, CancellationToken.None);
        var updateErrors = await bridges.UpdateAsync(bridge.Owner, bridge.Id, new BridgeDraft(
            current.Name, current.SourceKind, connectionId,
            new()
            {
                [GitHubSettings.Repository] = $"{FakeGitHub.Owner}/{FakeGitHub.Name}",
                [GitHubSettings.Prj] = Prj,
                [GitHubSettings.QualityModel] = QualityModel,
            },
            current.SinkKind, current.SinkConnectionId, SettingsJson.Read(current.SinkSettingsJson), current.MappingJson, current.MaxRetries), CancellationToken.None);
        Assert.True(updateErrors.Count == 0, string.Join("; ", updateErrors.Select(e => $"{e.Key}: {e.Value}")));
        return connectionId.Value;
    }

    public static async Task<(GitHubBackfill? Run, string? Error)> StartAsync(PortalHost host, WebhookBridge bridge, DateTimeOffset since)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GitHubBackfillService>().StartAsync(bridge.Owner, bridge.Id, since, CancellationToken.None);
    }

    public static async Task<bool> CancelAsync(PortalHost host, WebhookBridge bridge)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GitHubBackfillService>().CancelAsync(bridge.Owner, bridge.Id, CancellationToken.None);
    }

    public static Task<GitHubBackfill> RunAsync(PortalHost host, Guid runId) =>
        host.DbAsync(db => db.Set<GitHubBackfill>().AsNoTracking().FirstAsync(b => b.Id == runId));

    /// <summary>Waits until the run has finished (succeeded, failed or cancelled) and returns it.</summary>
    public static async Task<GitHubBackfill> FinishedAsync(PortalHost host, Guid runId)
    {
        GitHubBackfill run = default!;
        await Eventually.UntilAsync(async () => !(run = await RunAsync(host, runId)).Active, "the back-fill has finished");
        return run;
    }
}

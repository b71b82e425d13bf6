using System.Net;
using System.Text;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.GitHub;

namespace BridgePortal.Tests.Connectors.GitHub;

/// <summary>GitHub sends pushes up to 25 MB and never redelivers: each receiver's body limit covers its sender's, per bridge.</summary>
public sealed class LargeGitHubPushTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Pushes_of_3_and_20_MB_are_stored_and_delivered_one_document_per_commit(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();
        var three = GitHubLargePush.Create(25, 80_000, "three");
        var twenty = GitHubLargePush.Create(25, 495_000, "twenty");
        Assert.InRange(Encoding.UTF8.GetByteCount(three), 3_000_000, 3_600_000);
        Assert.InRange(Encoding.UTF8.GetByteCount(twenty), 19_500_000, 22_000_000);

        foreach (var push in new[] { three, twenty })
        {
            using var response = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", push);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }

        await Eventually.UntilAsync(
            async () => (await host.RecordsAsync(bridge.Id)) is { Count: 50 } r && r.All(x => x.Status == RecordStatus.Delivered), "both pushes' 50 commits delivered", TimeSpan.FromMinutes(2));
        var titles = await WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, "select title from doc_commit order by natural_id");
        Assert.Equal(50, titles.Count);
        Assert.Contains(titles, t => t.Length > 450_000 && t.Contains("Vérifier la vélocité de l'équipe — fix \"metrics\" for team ✓", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_body_over_the_bridges_limit_is_413_problem_json_stores_nothing_and_the_next_push_flows()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var limited = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, sinkDatabase: false, start: false,
            sourceSettings: new() { [BodyLimits.Setting] = "1" });
        var byDefault = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, sinkDatabase: false, start: false);
        using var client = host.CreateClient();

        using (var response = await WebhookBridges.PostGitHubAsync(client, limited.Key, "push", GitHubLargePush.Create(25, 115_000, "over")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("exceeds the limit of 1048576 bytes (1 MB) of this bridge", await response.Content.ReadAsStringAsync());
        }

        // GitHub's own cap: 25 MB. One byte more is refused from its Content-Length, before it is read.
        var tooLarge = new byte[(25 * 1024 * 1024) + 1];
        using (var response = await client.SendAsync(ReceiverTargets.Post($"/hooks/{byDefault.Key}?prj=p", tooLarge, "application/json", ("X-GitHub-Event", "push"))))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("exceeds the limit of 26214400 bytes (25 MB)", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(limited.Id));
        Assert.Empty(await host.RecordsAsync(byDefault.Id));
        using (var good = await WebhookBridges.PostGitHubAsync(client, limited.Key, "push", GitHubLargePush.Create(3, 100_000, "under")))
        {
            Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        }

        Assert.Equal(3, (await host.RecordsAsync(limited.Id)).Count);
    }

    [SkippableFact]
    public async Task A_bridge_refuses_a_max_body_setting_that_is_not_a_positive_number_up_to_100()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        foreach (var bad in new[] { "0", "-1", "101", "ten", "1e3" })
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, sinkDatabase: false, start: false,
                sourceSettings: new() { [BodyLimits.Setting] = bad }));
            Assert.Contains("Max body is a number of MB", error.Message);
        }
    }
}

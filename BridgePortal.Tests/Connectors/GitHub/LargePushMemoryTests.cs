using System.Net;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Xunit.Abstractions;
using BridgePortal.Connectors.GitHub;

namespace BridgePortal.Tests.Connectors.GitHub;

/// <summary>Runs alone (allocation counters are process-wide), after the parallel tests.</summary>
[CollectionDefinition(nameof(LargePushMemoryTests), DisableParallelization = true)]
public sealed class LargePushMemoryCollection;

/// <summary>
/// What one 25 MB GitHub push costs the process: the body is read once into a pooled buffer, verified and parsed in
/// place, so the allocation is the parsed tree and the stored documents, not several copies of the body.
/// </summary>
[Collection(nameof(LargePushMemoryTests))]
public sealed class LargePushMemoryTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_25_MB_push_allocates_a_bounded_multiple_of_its_size()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName, sinkDatabase: false, start: false);
        using var client = host.CreateClient();
        var body = EdgeCaseBodies.Utf8(GitHubLargePush.Create(25, 590_000, "memory"));
        Assert.InRange(body.Length, 24_000_000, 25 * 1024 * 1024);
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(WebhookBridges.Secret), body));

        // Warm-up: the first request pays for JIT and pools; the second is the measurement.
        for (var round = 0; round < 2; round++)
        {
            var salted = round == 0 ? EdgeCaseBodies.Utf8(GitHubLargePush.Create(2, 1000, "warm")) : body;
            var sign = round == 0 ? "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(WebhookBridges.Secret), salted)) : signature;
            using var request = ReceiverTargets.Post($"/hooks/{bridge.Key}?prj=p", salted, "application/json", ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", sign));
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            using var response = await client.SendAsync(request);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            if (round == 1)
            {
                output.WriteLine($"25 MB push ({body.Length:N0} bytes): {allocated:N0} bytes allocated in the process during the request ({allocated / (double)body.Length:0.0} × the body), working set {Environment.WorkingSet:N0}");
                Assert.True(allocated < 12L * body.Length, $"{allocated:N0} bytes allocated for a {body.Length:N0}-byte body");
            }
        }

        Assert.Equal(27, (await host.RecordsAsync(bridge.Id)).Count);
    }
}

using BridgePortal.Data.Model;
using BridgePortal.Engine.Jobs;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Engine.Jobs;

public sealed class CleanupJobTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Old_delivered_payloads_are_purged_and_old_failures_dead_lettered_yet_still_retryable(StorageKind storage)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(r => r.Body.Contains("bad") ? (400, "nope") : (200, "{}"));
        await using var host = await PortalHost.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Retention:Days"] = "30",
            ["Retention:FailedDays"] = "7",
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        await TestBridges.IngestAsync(client, bridge, """{"good":1}""", idempotencyKey: "good");
        await TestBridges.IngestAsync(client, bridge, """{"bad":1}""", idempotencyKey: "bad");
        await host.UntilStatusAsync(bridge.Id, "good", RecordStatus.Delivered);
        await host.UntilStatusAsync(bridge.Id, "bad", RecordStatus.Failed);

        await RunCleanupAsync(host);
        Assert.All(await host.RecordsAsync(bridge.Id), r => Assert.NotNull(r.Payload));

        clock.Advance(TimeSpan.FromDays(8));
        await RunCleanupAsync(host);
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(RecordStatus.DeadLettered, records.Single(r => r.NaturalId == "bad").Status);
        Assert.NotNull(records.Single(r => r.NaturalId == "good").Payload);

        clock.Advance(TimeSpan.FromDays(23));
        await RunCleanupAsync(host);
        var good = (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId == "good");
        Assert.Null(good.Payload);
        Assert.Equal(RecordStatus.Delivered, good.Status);

        fake.Heal();
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RecordService>();
        var dead = (await service.ListAsync(bridge.Owner, new RecordFilter(bridge.Id, RecordService.FailedStatuses), 0, 10, CancellationToken.None)).Rows.Single();
        Assert.Equal(1, await service.RetryAsync(bridge.Owner, [dead.Id], CancellationToken.None));
        await host.UntilStatusAsync(bridge.Id, "bad", RecordStatus.Delivered);
    }

    private static async Task RunCleanupAsync(PortalHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CleanupJob>().RunAsync(CancellationToken.None);
    }
}

using System.Net;
using BridgePortal.Connectors.Http;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Engine.Jobs;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Engine.Delivery;

public sealed class DeliveryTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_transient_failure_is_retried_with_backoff_until_the_sink_heals(StorageKind storage)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(503, "busy");
        await using var host = await PortalHost.StartAsync(storage, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();

        await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "r1");
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Single().Attempts == 1, "the first attempt is stored");
        var record = (await host.RecordsAsync(bridge.Id)).Single();
        Assert.Equal(RecordStatus.Pending, record.Status);
        Assert.Contains("HTTP 503", record.LastError);
        var wait = record.NextAttemptAt!.Value - clock.GetUtcNow().UtcDateTime;
        Assert.InRange(wait.TotalSeconds, 7.9, 12.1); // ~10 s ± 20 % jitter
        var attempt = Assert.Single(await host.AttemptsAsync(bridge.Id));
        Assert.Equal((AttemptOutcome.TransientFailure, 503), (attempt.Outcome, attempt.HttpStatus));
        Assert.Equal(record.NextAttemptAt, attempt.RetryAt); // the attempt says when the next try is due

        await Task.Delay(1500);
        Assert.Single(fake.Requests); // nothing is retried before its time

        fake.Heal();
        clock.Advance(TimeSpan.FromSeconds(13));
        await host.UntilStatusAsync(bridge.Id, "r1", RecordStatus.Delivered);
        // The delivered try keeps no attempt row: the record holds its attempt count, delivery time and latency.
        Assert.Equal([AttemptOutcome.TransientFailure], (await host.AttemptsAsync(bridge.Id)).Select(a => a.Outcome));
        var delivered = (await host.RecordsAsync(bridge.Id)).Single();
        Assert.Equal(2, delivered.Attempts);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.NotNull(delivered.LatencyMs);
    }

    [Fact]
    public async Task After_the_retry_limit_a_record_is_failed_with_the_last_error()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(429, "slow down");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, maxRetries: 2);
        using var client = host.CreateClient();

        await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "r1");
        foreach (var (attempts, advance) in new[] { (1, 13), (2, 75) })
        {
            await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Single().Attempts == attempts, $"attempt {attempts} is stored");
            clock.Advance(TimeSpan.FromSeconds(advance));
        }

        await host.UntilStatusAsync(bridge.Id, "r1", RecordStatus.Failed);
        var record = (await host.RecordsAsync(bridge.Id)).Single();
        Assert.Equal(3, record.Attempts);
        Assert.Equal(
            [(AttemptOutcome.TransientFailure, true), (AttemptOutcome.TransientFailure, true), (AttemptOutcome.GaveUp, false)],
            (await host.AttemptsAsync(bridge.Id)).Select(a => (a.Outcome, a.RetryAt.HasValue))); // giving up is its own event
        Assert.Contains("HTTP 429", record.LastError);
        Assert.Contains("slow down", record.LastError);
        Assert.Equal(3, fake.Requests.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_permanent_failure_fails_at_once_with_the_response_text_and_the_next_record_still_flows(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Respond(r => r.Body.Contains("bad") ? (422, """{"error":"field 'x' is required"}""") : (200, "{}"));
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();

        await TestBridges.IngestAsync(client, bridge, """{"bad":true}""", idempotencyKey: "bad");
        await TestBridges.IngestAsync(client, bridge, """{"good":true}""", idempotencyKey: "good");

        await host.UntilStatusAsync(bridge.Id, "bad", RecordStatus.Failed);
        await host.UntilStatusAsync(bridge.Id, "good", RecordStatus.Delivered);
        var bad = (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId == "bad");
        Assert.Equal(1, bad.Attempts);
        Assert.Contains("HTTP 422", bad.LastError);
        Assert.Contains("field 'x' is required", bad.LastError);
        Assert.Contains(await host.AttemptsAsync(bridge.Id), a => a.Outcome == AttemptOutcome.PermanentFailure && a.HttpStatus == 422);
    }

    [Fact]
    public async Task A_sink_timeout_is_a_transient_failure()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Delay = TimeSpan.FromSeconds(3);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, sinkSettings: new() { [HttpSettings.TimeoutSeconds] = "1" });
        using var client = host.CreateClient();

        await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "slow");
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Single().Attempts == 1, "the attempt is stored");
        var record = (await host.RecordsAsync(bridge.Id)).Single();
        Assert.Equal(RecordStatus.Pending, record.Status);
        Assert.Contains("Timed out after 1 s", record.LastError);
        Assert.NotNull(record.NextAttemptAt);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_stopped_bridge_stores_but_does_not_deliver_and_start_resumes_with_audit_entries(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false);
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "while-stopped")).StatusCode);
        await Task.Delay(2500);
        Assert.Empty(fake.Requests);
        Assert.Equal(RecordStatus.Pending, (await host.RecordsAsync(bridge.Id)).Single().Status);

        await SetStateAsync(host, bridge, BridgeState.Running);
        await fake.WaitForAsync(r => r.Count == 1);

        await SetStateAsync(host, bridge, BridgeState.Stopped);
        await TestBridges.IngestAsync(client, bridge, """{"n":2}""", idempotencyKey: "after-stop");
        await Task.Delay(2500);
        Assert.Single(fake.Requests);

        var audit = await host.DbAsync(db => Task.FromResult(db.AuditEntries.Where(a => a.BridgeId == bridge.Id).Select(a => a.Action).ToList()));
        Assert.Equal(["bridge.create", "bridge.start", "bridge.stop"], audit);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_record_left_mid_delivery_by_a_stopped_instance_is_delivered_within_seconds_with_the_same_idempotency_key(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        fake.Delay = TimeSpan.FromSeconds(30); // the first instance dies mid-delivery
        // One database both instances use (created up front, so the first host does not own and delete it).
        // The lease is the default 300 s: the second instance must not wait for it to expire.
        var settings = await PortalHost.SettingsForAsync(storage);
        var first = await PortalHost.StartAsync(storage, settings);
        var bridge = await TestBridges.CreateHttpBridgeAsync(first, fake.BaseAddress);
        using (var client = first.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Accepted, (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "in-flight")).StatusCode);
        }

        await first.UntilStatusAsync(bridge.Id, "in-flight", RecordStatus.Delivering);
        await Eventually.UntilAsync(() => Task.FromResult(fake.Arrived.Count == 1), "the first try reached the sink");
        await first.DisposeAsync(); // stops the worker mid-request: the claim is left behind, as after a crash
        fake.Delay = TimeSpan.Zero;

        var restarted = System.Diagnostics.Stopwatch.StartNew();
        await using var second = await PortalHost.StartAsync(storage, new Dictionary<string, string?>(settings));
        await second.UntilStatusAsync(bridge.Id, "in-flight", RecordStatus.Delivered);
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(30), $"redelivered after {restarted.Elapsed}, not after the 300 s lease");
        Assert.Equal(["in-flight:v1", "in-flight:v1"], fake.Arrived.Select(r => r.Header("Idempotency-Key"))); // the redelivery is recognisably the same
    }

    [Fact]
    public async Task The_recurring_dispatch_job_delivers_what_the_in_process_worker_was_not_told_about()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?> { ["Engine:PollSeconds"] = "60" });
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        await Task.Delay(1000); // let the dispatch that "start" triggers finish first
        await host.DbAsync(async db =>
        {
            db.Records.Add(new Record { BridgeId = bridge.Id, NaturalId = "written-elsewhere", Payload = "{}", ContentHash = Intake.Hash("{}"), ReceivedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await Task.Delay(1000);
        Assert.Empty(fake.Requests);

        var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(host.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection());
        Assert.Contains(recurring, j => j.Id == DispatchJob.Id && j.Cron == "* * * * *");
        Assert.Contains(recurring, j => j.Id == CleanupJob.Id);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunAsync(CancellationToken.None);
        }

        Assert.Single(fake.Requests);
        Assert.Equal(RecordStatus.Delivered, (await host.RecordsAsync(bridge.Id)).Single().Status);
    }

    [SkippableFact]
    public async Task Two_instances_on_one_postgres_deliver_ten_thousand_records_each_exactly_once()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        var settings = new Dictionary<string, string?> { ["Engine:BatchSize"] = "50", ["Engine:PollSeconds"] = "0.2" };
        await using var first = await PortalHost.StartAsync(StorageKind.Postgres, settings);
        var bridge = await TestBridges.CreateHttpBridgeAsync(first, fake.BaseAddress, start: false, sinkSettings: new() { [HttpSettings.Mode] = "Batch", [HttpSettings.BatchSize] = "25" });
        var secondSettings = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in first.SameDatabase())
        {
            secondSettings[key] = value;
        }

        await using var second = await PortalHost.StartAsync(StorageKind.Postgres, secondSettings);
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<Intake>();
            var stored = await first.DbAsync(db => Task.FromResult(db.Bridges.Single(b => b.Id == bridge.Id)));
            for (var batch = 0; batch < 20; batch++)
            {
                await intake.AcceptAsync(stored, [.. Enumerable.Range(batch * 500, 500).Select(i => new InboundRecord($"rec-{i:D5}", $"{{\"i\":{i}}}"))], CancellationToken.None);
            }
        }

        await SetStateAsync(first, bridge, BridgeState.Running);
        await Eventually.UntilAsync(
            () => first.DbAsync(db => Task.FromResult(db.Records.Count(r => r.BridgeId == bridge.Id && r.Status == RecordStatus.Delivered) == 10_000)),
            "all 10,000 records are delivered",
            TimeSpan.FromSeconds(120));

        var delivered = fake.Requests.SelectMany(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("i").GetInt32())).ToList();
        Assert.Equal(10_000, delivered.Count);
        Assert.Equal(10_000, delivered.Distinct().Count());
        Assert.Equal(10_000, await first.DbAsync(db => Task.FromResult(db.Records.Where(r => r.BridgeId == bridge.Id).Sum(r => r.Attempts))));
        Assert.Equal(0, await first.DbAsync(db => Task.FromResult(db.Attempts.Count(a => a.BridgeId == bridge.Id))));
    }

    private static async Task SetStateAsync(PortalHost host, TestBridge bridge, BridgeState state)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BridgeService>().SetStateAsync(bridge.Owner, bridge.Id, state, CancellationToken.None);
    }
}

using System.Net;
using System.Text.Json;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Engine;

/// <summary>The Failed page's record actions, through <see cref="RecordService"/>: discard keeps, restore, replay, retry by error.</summary>
public sealed class RecordActionsTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_discarded_record_keeps_its_row_attempts_and_audit_is_hidden_by_default_and_restores_as_failed(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        fake.Respond(422, "{\"error\":\"district is required\"}");
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        (await TestBridges.IngestAsync(client, bridge, """{"n":1}""", "junk-1")).Dispose();
        await host.UntilStatusAsync(bridge.Id, "junk-1", RecordStatus.Failed);
        await using var scope = host.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();
        var id = (await host.RecordsAsync(bridge.Id)).Single().Id;

        Assert.Equal(1, await records.DiscardAsync(bridge.Owner, [id], CancellationToken.None));

        var kept = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal((RecordStatus.Discarded, "{\"n\":1}"), (kept.Status, kept.Payload));
        var attempt = Assert.Single(await host.AttemptsAsync(bridge.Id));
        Assert.Equal((AttemptOutcome.PermanentFailure, 422), (attempt.Outcome, attempt.HttpStatus));
        Assert.Contains("district is required", attempt.Error);
        Assert.Equal(0, await records.CountAsync(bridge.Owner, new RecordFilter(bridge.Id, RecordService.FailedStatuses), CancellationToken.None));
        Assert.Equal(1, await records.CountAsync(bridge.Owner, new RecordFilter(bridge.Id, [RecordStatus.Discarded]), CancellationToken.None));
        Assert.Equal(0, await records.RetryAsync(bridge.Owner, [id], CancellationToken.None)); // discarded records are restored first

        Assert.Equal(1, await records.RestoreAsync(bridge.Owner, [id], CancellationToken.None));
        Assert.Equal(RecordStatus.Failed, Assert.Single(await host.RecordsAsync(bridge.Id)).Status);
        var audit = await host.DbAsync(db => db.AuditEntries.Where(a => a.BridgeId == bridge.Id).Select(a => a.Action + ": " + a.Detail).ToListAsync());
        Assert.Contains("record.discard: 1 record(s): junk-1", audit);
        Assert.Contains("record.restore: 1 record(s): junk-1", audit);
        Assert.Single(fake.Requests); // discarding and restoring sent nothing
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_replay_sends_delivered_records_of_the_range_again_with_a_new_version_in_the_idempotency_key(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        fake.Heal();
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        var stranger = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        using var client = host.CreateClient();
        foreach (var id in new[] { "order-1", "order-2" })
        {
            (await TestBridges.IngestAsync(client, bridge, $$"""{"id":"{{id}}"}""", id)).Dispose();
            await host.UntilStatusAsync(bridge.Id, id, RecordStatus.Delivered);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();
        var all = new RecordFilter(bridge.Id);
        Assert.Equal(2, await records.ReplayCountAsync(bridge.Owner, all, CancellationToken.None));
        Assert.Equal(0, await records.ReplayCountAsync(stranger, all, CancellationToken.None));
        Assert.Equal(0, await records.ReplayCountAsync(bridge.Owner, all with { From = DateTime.UtcNow.AddMinutes(5) }, CancellationToken.None));
        Assert.Equal(1, await records.ReplayCountAsync(bridge.Owner, all with { Search = "order-2" }, CancellationToken.None));
        Assert.Equal(0, await records.ReplayAsync(stranger, all, CancellationToken.None));

        Assert.Equal(2, await records.ReplayAsync(bridge.Owner, all with { From = DateTime.UtcNow.AddHours(-1) }, CancellationToken.None));

        await fake.WaitForAsync(r => r.Count == 4, TimeSpan.FromSeconds(30));
        await host.UntilStatusAsync(bridge.Id, "order-1", RecordStatus.Delivered);
        await host.UntilStatusAsync(bridge.Id, "order-2", RecordStatus.Delivered);
        Assert.Equal(["order-1:v1", "order-2:v1", "order-1:v2", "order-2:v2"], fake.Requests.Select(r => r.Header("Idempotency-Key")));
        Assert.All(await host.RecordsAsync(bridge.Id), r => Assert.Equal(2, r.Version));
        var audit = await host.DbAsync(db => db.AuditEntries.SingleAsync(a => a.BridgeId == bridge.Id && a.Action == "record.replay"));
        Assert.StartsWith("2 delivered record(s) sent again", audit.Detail);
    }

    [SkippableFact]
    public async Task Retry_all_with_one_error_retries_only_the_records_whose_last_error_is_that_one()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        fake.Respond(r => r.Body.Contains("mill") ? (422, "unknown mill") : (400, "bad date"));
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();
        foreach (var (id, body) in new[] { ("a", """{"mill":1}"""), ("b", """{"mill":2}"""), ("c", """{"date":3}""") })
        {
            (await TestBridges.IngestAsync(client, bridge, body, id)).Dispose();
            await host.UntilStatusAsync(bridge.Id, id, RecordStatus.Failed);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();
        var failed = new RecordFilter(bridge.Id, RecordService.FailedStatuses);
        var groups = await records.ErrorGroupsAsync(bridge.Owner, failed, 5, CancellationToken.None);
        Assert.Equal([2, 1], groups.Select(g => g.Count));
        Assert.Contains("unknown mill", groups[0].Error);
        Assert.Equal(1, await records.CountAsync(bridge.Owner, failed with { Error = "BAD DATE" }, CancellationToken.None));

        fake.Heal();
        Assert.Equal(2, await records.RetryMatchingAsync(bridge.Owner, failed with { ExactError = groups[0].Error }, CancellationToken.None));
        await host.UntilStatusAsync(bridge.Id, "a", RecordStatus.Delivered);
        await host.UntilStatusAsync(bridge.Id, "b", RecordStatus.Delivered);
        Assert.Equal(RecordStatus.Failed, (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId == "c").Status);
    }

    [SkippableFact]
    public async Task Attempts_say_when_the_retry_is_due_and_the_last_try_is_its_own_gave_up_outcome()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        fake.Respond(503, "busy");
        var retrying = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, maxRetries: 3);
        var once = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, maxRetries: 0);
        using var client = host.CreateClient();
        (await TestBridges.IngestAsync(client, retrying, "{}", "r-1")).Dispose();
        (await TestBridges.IngestAsync(client, once, "{}", "o-1")).Dispose();
        await host.UntilStatusAsync(once.Id, "o-1", RecordStatus.Failed);
        await Eventually.UntilAsync(async () => (await host.AttemptsAsync(retrying.Id)).Count == 1, "the first try failed");

        await using var scope = host.Services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<RecordService>();
        var retry = Assert.Single(await records.AttemptsAsync(retrying.Owner, retrying.Id, null, 10, CancellationToken.None));
        var record = Assert.Single(await host.RecordsAsync(retrying.Id));
        Assert.Equal((AttemptOutcome.TransientFailure, record.NextAttemptAt), (retry.Outcome, retry.RetryAt));
        Assert.Equal($"retry at {record.NextAttemptAt:HH:mm:ss} UTC", retry.NextStep);
        Assert.Equal("r-1", retry.NaturalId);
        var gaveUp = Assert.Single(await records.AttemptsAsync(once.Owner, once.Id, null, 10, CancellationToken.None));
        Assert.Equal((AttemptOutcome.GaveUp, null, 503), (gaveUp.Outcome, gaveUp.RetryAt, gaveUp.HttpStatus));
        Assert.Equal("gave up after 1 try → Failed", gaveUp.NextStep);
    }

    [SkippableFact]
    public async Task The_export_gives_the_signed_in_users_filtered_records_as_csv_or_json_and_nothing_to_anyone_else()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        fake.Respond(422, "rejected, \"quoted\"");
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        var other = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var ingest = host.CreateClient();
        (await TestBridges.IngestAsync(ingest, bridge, "{}", "mine-1")).Dispose();
        (await TestBridges.IngestAsync(ingest, other, "{}", "theirs-1")).Dispose();
        await host.UntilStatusAsync(bridge.Id, "mine-1", RecordStatus.Failed);
        await host.UntilStatusAsync(other.Id, "theirs-1", RecordStatus.Failed);

        using var anonymous = host.CreatePortalClient();
        using (var refused = await anonymous.GetAsync("/records/export?format=csv"))
        {
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        }

        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator, "export@example.org");
        var mine = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, owner: owner);
        (await TestBridges.IngestAsync(ingest, mine, "{}", "own-1")).Dispose();
        await host.UntilStatusAsync(mine.Id, "own-1", RecordStatus.Failed);
        using var operatorClient = host.CreatePortalClient();
        using (var login = await operatorClient.LoginAsync("export@example.org", TestUsers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        var csv = await operatorClient.Http.GetStringAsync("/records/export?format=csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Id,BridgeId,BridgeName,NaturalId", lines[0]);
        Assert.Equal(2, lines.Length); // own-1 only: the other operators' records (mine-1, theirs-1) stay theirs
        Assert.Contains("own-1", lines[1]);
        Assert.Contains("rejected, \"\"quoted\"\"\"", csv); // RFC 4180 quoting by CsvHelper

        using var json = JsonDocument.Parse(await operatorClient.Http.GetStringAsync($"/records/export?format=json&bridge={mine.Id}&error=REJECTED"));
        Assert.Equal(["own-1"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("naturalId").GetString()));
        using var none = JsonDocument.Parse(await operatorClient.Http.GetStringAsync($"/records/export?format=json&status=discarded"));
        Assert.Equal(0, none.RootElement.GetArrayLength());
        using (var bad = await operatorClient.GetAsync("/records/export?format=xml"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        }
    }
}

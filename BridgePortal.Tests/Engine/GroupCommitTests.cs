using System.Net;
using System.Text.Json;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Engine;

/// <summary>Intake's group commit: many callers share a transaction, yet each gets its own outcome.</summary>
public sealed class GroupCommitTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Concurrent_ingest_requests_each_get_their_own_committed_outcome_and_every_record_is_stored_once(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false);
        using var client = host.CreateClient();

        // 300 requests at once: 200 distinct ids, then 100 repeating the first 100 ids with the same content.
        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            var id = $"r{i % 200}";
            using var response = await TestBridges.IngestAsync(client, bridge, $$"""{"n":{{i % 200}}}""", idempotencyKey: id);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return (id, response.StatusCode, Record: body.GetProperty("records")[0]);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(200, records.Count);
        Assert.All(records, r => Assert.Equal(1, r.Version));
        foreach (var group in responses.GroupBy(r => r.id))
        {
            // Whatever group each request joined, one saw its record accepted and the repeat saw it unchanged.
            Assert.Equal(["accepted", .. Enumerable.Repeat("unchanged", group.Count() - 1)], group.Select(r => r.Record.GetProperty("disposition").GetString()).Order());
            Assert.Single(group.Select(r => r.Record.GetProperty("id").GetInt64()).Distinct());
            Assert.Equal(records.Single(r => r.NaturalId == group.Key).Id, group.First().Record.GetProperty("id").GetInt64());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_repeated_id_inside_one_group_becomes_an_update_and_the_later_content_wins(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false);
        var stored = await host.DbAsync(db => db.Bridges.AsNoTracking().SingleAsync(b => b.Id == bridge.Id));
        var intake = host.Services.GetRequiredService<Intake>();

        // One request carrying the same id three times is always one group: the layers keep the order.
        var results = await intake.AcceptAsync(stored, [new("same", """{"v":1}"""), new("same", """{"v":2}"""), new("same", """{"v":2}""")], CancellationToken.None);

        Assert.Equal([IntakeDisposition.Accepted, IntakeDisposition.Updated, IntakeDisposition.Unchanged], results.Select(r => r.Disposition));
        var record = (await host.RecordsAsync(bridge.Id)).Single();
        Assert.Equal((2, """{"v":2}"""), (record.Version, record.Payload));
        Assert.All(results, r => Assert.Equal(record.Id, r.RecordId));
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_request_the_database_refuses_fails_alone_while_the_requests_grouped_with_it_commit(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, start: false);
        var stored = await host.DbAsync(db => db.Bridges.AsNoTracking().SingleAsync(b => b.Id == bridge.Id));
        var gone = new Bridge
        {
            Id = Guid.NewGuid(),
            Name = "deleted meanwhile",
            Key = "gone",
            OwnerId = stored.OwnerId,
            SourceKind = stored.SourceKind,
            SinkKind = stored.SinkKind,
            IngestTokenHash = "-",
        };
        var intake = host.Services.GetRequiredService<Intake>();

        // The bridge of one request was deleted (a foreign-key violation on both providers): only that request fails.
        var calls = Enumerable.Range(0, 60).Select(i => i == 30
            ? intake.AcceptAsync(gone, [new("orphan", "{}")], CancellationToken.None)
            : intake.AcceptAsync(stored, [new($"ok-{i}", $$"""{"i":{{i}}}""")], CancellationToken.None)).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async c =>
        {
            try
            {
                return (await c).Single().Disposition.ToString();
            }
            catch (DbUpdateException)
            {
                return "refused";
            }
            catch (Exception e) when (e.GetType().Name is "PostgresException" or "SqliteException")
            {
                return "refused";
            }
        }));

        Assert.Equal("refused", outcomes[30]);
        Assert.Equal(59, outcomes.Count(o => o == nameof(IntakeDisposition.Accepted)));
        Assert.Equal(59, (await host.RecordsAsync(bridge.Id)).Count);
    }
}

using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.GitHub;

namespace BridgePortal.Tests.Engine;

/// <summary>Issue 17 items 2 and 6, issue 12 item 3: one natural-id policy on every way in, the same answer on both providers.</summary>
public sealed class NaturalIdPolicyTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Blank_over_long_and_control_character_ids_are_400_naming_the_field_while_a_200_character_id_flows(StorageKind storage)
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress, sourceSettings: new() { [IngestSource.NaturalIdPath] = "data.id" });
        using var client = host.CreateClient();

        (string Body, string? Key, string Detail)[] refused =
        [
            ("""{"data":{"id":""}}""", null, "Record 0: the natural id from 'data.id' is empty or blank."),
            ("""{"data":{"id":"   "}}""", null, "Record 0: the natural id from 'data.id' is empty or blank."),
            (Ingest(new string('x', 201)), null, "Record 0: the natural id from 'data.id' is 201 characters long (at most 200)."),
            (Ingest(new string('x', 1000)), null, "is 1000 characters long (at most 200)"),
            ("""[{"data":{"id":"ok"}},{"data":{"id":"tab\there"}}]""", null, "Record 1: the natural id from 'data.id' holds the control character U+0009 at position 3."),
            ("""{"data":{"id":"line\u2028sep"}}""", null, "holds the control character U+2028"),
            ("""{"data":{"id":7}}""", " ", "Record 0: the natural id from the Idempotency-Key header is empty or blank."),
        ];
        foreach (var (body, key, detail) in refused)
        {
            using var response = await TestBridges.IngestAsync(client, bridge, body, idempotencyKey: key);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(detail, await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        var longest = "é" + new string('y', 199);
        using (var ok = await TestBridges.IngestAsync(client, bridge, Ingest(longest))) // 200 characters, 201 UTF-8 bytes
        {
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }

        await host.UntilStatusAsync(bridge.Id, longest, RecordStatus.Delivered);
        Assert.Equal("%C3%A9" + new string('y', 199) + ":v1", Assert.Single(fake.Requests).Header("Idempotency-Key"));
    }

    [SkippableFact]
    public async Task A_GitHub_push_with_a_commit_without_an_id_is_400_naming_it_and_stores_nothing()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await WebhookBridges.CreateAsync(host, GitHubWebhookReceiver.SourceKindName);
        using var client = host.CreateClient();
        var push = JsonNode.Parse(WebhookPayloads.GitHubPush(3))!;
        push["commits"]![1]!.AsObject().Remove("id");

        using var response = await WebhookBridges.PostGitHubAsync(client, bridge.Key, "push", push.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("commits[1].id is missing or empty", await response.Content.ReadAsStringAsync());
        Assert.Empty(await host.RecordsAsync(bridge.Id));
    }

    [SkippableFact]
    public async Task A_polled_record_with_a_bad_id_is_skipped_while_the_rest_of_its_page_is_stored()
    {
        await using var fake = await FakeHttpEndpoint.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s => s.AddSingleton<IPollingSource, ScriptedSource>());
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);

        await host.Services.GetRequiredService<BridgePortal.Engine.Jobs.PollBridgeJob>().RunAsync(bridge.Id, CancellationToken.None);

        Assert.Equal(["good-1", "good-2"], (await host.RecordsAsync(bridge.Id)).Select(r => r.NaturalId).Order().ToArray());
        Assert.Equal("cursor-1", (await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Bridges, b => b.Id == bridge.Id))).SourceCursor);
    }

    private static string Ingest(string id) => new JsonObject { ["data"] = new JsonObject { ["id"] = id } }.ToJsonString();

    /// <summary>A polling side for the ingest kind, so the real poll job runs a page holding one bad id.</summary>
    private sealed class ScriptedSource : IPollingSource
    {
        public string Kind => IngestSource.Kind;

        public async IAsyncEnumerable<SourcePage> PollAsync(SourceContext context, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new SourcePage([new("good-1", "{}"), new("bad\r\nX-Injected: 1", "{}"), new("good-2", "{}")], "cursor-1");
        }
    }
}

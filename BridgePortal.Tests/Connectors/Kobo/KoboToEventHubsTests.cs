using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Data.Model;
using BridgePortal.Engine.Jobs;
using BridgePortal.Tests.Connectors.EventHubs;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BridgePortal.Tests.Connectors.Kobo;

public sealed class KoboToEventHubsTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Submissions_over_many_pages_arrive_in_the_hub_once_each_in_submission_order(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 2500, i => new JsonObject { ["household"] = $"h{i}", ["members"] = i % 7 });
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);

        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, sourceSettings: new() { [KoboSettings.PageSize] = "100" });

        await hubs.WaitForEventsAsync(2500, TimeSpan.FromSeconds(90));
        var expected = kobo.Submissions(KoboBridges.Asset).Select(s => s["_id"]!.ToJsonString()).ToList();
        Assert.Equal(expected, hubs.Events.Select(e => e.UserProperties["naturalId"]));
        Assert.All(hubs.Events, e => Assert.Equal(bridge.Id.ToString(), e.UserProperties["bridgeId"]));
        Assert.All(hubs.Events, e => Assert.Equal("Kobo", e.UserProperties["source"]));
        Assert.Equal("h0", JsonNode.Parse(hubs.Events[0].Body)!["household"]!.GetValue<string>());
        Assert.True(kobo.DataRequests >= 25, $"pages were followed ({kobo.DataRequests} data requests)");
        var stored = await KoboBridges.BridgeAsync(host, bridge.Id);
        Assert.Equal(kobo.Submissions(KoboBridges.Asset)[^1]["_id"]!.ToJsonString(), stored.SourceCursor);
        Assert.Null(stored.LastPollError);
        await Task.Delay(500);
        Assert.Equal(2500, hubs.Events.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_process_stopped_mid_poll_resumes_after_restart_without_gap_or_duplicate(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 600);
        await using var hubs = await FakeEventHubs.StartAsync();
        KoboBridge bridge;
        var database = await PortalHost.SettingsForAsync(storage); // created up front, so the first host does not delete it
        var first = await PortalHost.StartAsync(storage, database);
        try
        {
            bridge = await KoboBridges.CreateAsync(first, kobo, hubs, sourceSettings: new() { [KoboSettings.PageSize] = "100" });
            await Eventually.UntilAsync(async () => (await first.RecordsAsync(bridge.Id)).Count >= 200, "two pages are stored");

            // The poll now waits on Kobo for its next page; once what is stored is delivered, stop the process mid-poll.
            kobo.Delay = TimeSpan.FromSeconds(3);
            await Eventually.UntilAsync(async () => (await first.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "the stored pages are delivered");
        }
        finally
        {
            await first.DisposeAsync();
        }

        kobo.Delay = TimeSpan.Zero;
        await using var second = await PortalHost.StartAsync(storage, database);
        var cursor = (await KoboBridges.BridgeAsync(second, bridge.Id)).SourceCursor;
        Assert.NotNull(cursor);
        Assert.InRange(long.Parse(cursor!, System.Globalization.CultureInfo.InvariantCulture), 200, 599);

        await KoboBridges.PollNowAsync(second, bridge);
        await hubs.WaitForEventsAsync(600, TimeSpan.FromSeconds(60));
        var records = await second.RecordsAsync(bridge.Id);
        Assert.Equal(600, records.Count);
        Assert.Equal(600, records.Select(r => r.NaturalId).Distinct().Count());
        await Task.Delay(500);
        Assert.Equal(kobo.Submissions(KoboBridges.Asset).Select(s => s["_id"]!.ToJsonString()), hubs.Events.Select(e => e.UserProperties["naturalId"]));
    }

    [Fact]
    public async Task The_test_button_tells_success_an_invalid_token_and_an_unreachable_server_apart_and_lists_projects()
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddAsset("aDraft", "Draft form", deployed: false);
        kobo.AddSubmissions(KoboBridges.Asset, 3);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgePortal.Identity.BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var good = await KoboBridges.KoboConnectionAsync(host, owner, kobo.BaseAddress, kobo.Token);
        var badToken = await KoboBridges.KoboConnectionAsync(host, owner, kobo.BaseAddress, "not-the-token");
        var unreachable = await KoboBridges.KoboConnectionAsync(host, owner, new Uri("http://127.0.0.1:9/"), kobo.Token);

        var ok = await connections.TestAsync(owner, good, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Contains("2 survey project(s)", ok.Message);
        var refused = await connections.TestAsync(owner, badToken, CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Contains("refused the API token (401)", refused.Message);
        Assert.DoesNotContain("not-the-token", refused.Message);
        var down = await connections.TestAsync(owner, unreachable, CancellationToken.None);
        Assert.False(down.Succeeded);
        Assert.Equal("KoboToolbox: could not reach 127.0.0.1:9 (connection refused). Check the server URL.", down.Message);

        var projects = await connections.CatalogAsync(owner, good, CancellationToken.None);
        Assert.Equal(["aDraft", KoboBridges.Asset], projects.Select(p => p.Id).Order());
        var survey = projects.Single(p => p.Id == KoboBridges.Asset);
        Assert.Equal("Household survey", survey.Name);
        Assert.Equal(["deployed", "3"], survey.Details.Take(2));
        Assert.Equal("not deployed", projects.Single(p => p.Id == "aDraft").Details[0]);
    }

    [Fact]
    public async Task A_refused_token_during_polling_is_shown_on_the_bridge_and_nothing_is_stored()
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 3);
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, start: false);
        kobo.Token = "rotated"; // the token the connection holds is no longer valid
        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Running);

        await Eventually.UntilAsync(async () => (await KoboBridges.BridgeAsync(host, bridge.Id)).LastPollAt is not null, "the poll ran");
        var stored = await KoboBridges.BridgeAsync(host, bridge.Id);
        Assert.Contains("refused the API token (401)", stored.LastPollError);
        Assert.Null(stored.SourceCursor);
        Assert.Empty(await host.RecordsAsync(bridge.Id));
    }

    [Fact]
    public async Task Server_busy_bursts_are_retried_with_backoff_and_everything_is_delivered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 50);
        await using var hubs = await FakeEventHubs.StartAsync();
        hubs.FailNext(2);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs);

        await Eventually.UntilAsync(async () => (await host.AttemptsAsync(bridge.Id)).Count(a => a.HttpStatus == 503) == 50, "the first send met 503");
        var record = (await host.RecordsAsync(bridge.Id))[0];
        Assert.Equal(RecordStatus.Pending, record.Status);
        Assert.Contains("ServerBusy", record.LastError);
        clock.Advance(TimeSpan.FromSeconds(13));
        await Eventually.UntilAsync(async () => (await host.AttemptsAsync(bridge.Id)).Count(a => a.HttpStatus == 503) == 100, "the second send met 503");
        clock.Advance(TimeSpan.FromSeconds(75));

        await hubs.WaitForEventsAsync(50, TimeSpan.FromSeconds(60));
        // The hub has the events a moment before the dispatcher stores their outcomes.
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "every record is Delivered");
        Assert.Equal(50, hubs.Events.Select(e => e.UserProperties["naturalId"]).Distinct().Count());
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task An_oversized_submission_fails_permanently_with_the_size_while_the_others_are_delivered(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 3);
        var big = kobo.AddSubmission(KoboBridges.Asset, new JsonObject { ["notes"] = new string('x', 300_000) });
        kobo.AddSubmissions(KoboBridges.Asset, 3);
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs);

        await hubs.WaitForEventsAsync(6);
        var id = big["_id"]!.ToJsonString();
        await host.UntilStatusAsync(bridge.Id, id, RecordStatus.Failed);
        var failed = (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId == id);
        Assert.Contains("over the hub's limit of 262144 bytes", failed.LastError);
        Assert.Equal(1, failed.Attempts);
        Assert.DoesNotContain(hubs.Events, e => e.UserProperties["naturalId"] == id);
        Assert.Equal(0, hubs.Rejected);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Webhook_and_polling_on_one_bridge_deliver_each_submission_once(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 10);
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, start: false,
            sourceSettings: new() { [KoboSettings.WebhookUsername] = "kobo" }, sourceSecrets: new() { [KoboSettings.WebhookPassword] = "s3cret" });
        using var client = host.CreateClient();

        // The REST service pushes the first six submissions (one twice, as Kobo's manual retry may), then polling catches up.
        var submissions = kobo.Submissions(KoboBridges.Asset);
        foreach (var submission in submissions.Take(6).Append(submissions[0]))
        {
            var response = await PostHookAsync(client, bridge.Key, submission.ToJsonString(), ("kobo", "s3cret"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Equal(6, (await host.RecordsAsync(bridge.Id)).Count);
        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Running);
        await hubs.WaitForEventsAsync(10, TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(async () => (await KoboBridges.BridgeAsync(host, bridge.Id)).LastPollAt is not null, "the poll finished");
        await Task.Delay(500);
        Assert.Equal(submissions.Select(s => s["_id"]!.ToJsonString()), hubs.Events.Select(e => e.UserProperties["naturalId"]));
    }

    [Fact]
    public async Task The_webhook_refuses_bad_requests_precisely_and_stores_nothing()
    {
        await using var kobo = await FakeKobo.StartAsync();
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, start: false,
            sourceSettings: new() { [KoboSettings.WebhookUsername] = "kobo" }, sourceSecrets: new() { [KoboSettings.WebhookPassword] = "s3cret" });
        using var client = host.CreateClient();
        const string submission = """{"_id": 7, "_uuid": "u-7", "q1": "yes"}""";

        var noAuth = await PostHookAsync(client, bridge.Key, submission, null);
        Assert.Equal(HttpStatusCode.Unauthorized, noAuth.StatusCode);
        Assert.Equal("Basic", noAuth.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostHookAsync(client, bridge.Key, submission, ("kobo", "wrong"))).StatusCode);
        var malformed = await PostHookAsync(client, bridge.Key, """{"_id": 7, """, ("kobo", "s3cret"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Malformed JSON", await malformed.Content.ReadAsStringAsync());
        var noId = await PostHookAsync(client, bridge.Key, """{"q1": "yes"}""", ("kobo", "s3cret"));
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Contains("_id", await noId.Content.ReadAsStringAsync());
        var uuidOnly = await PostHookAsync(client, bridge.Key, """{"_uuid": "u-7", "q1": "yes"}""", ("kobo", "s3cret"));
        Assert.Equal(HttpStatusCode.BadRequest, uuidOnly.StatusCode);
        Assert.Contains("add _id to them", await uuidOnly.Content.ReadAsStringAsync());
        var xml = await PostHookAsync(client, bridge.Key, "<data/>", ("kobo", "s3cret"), "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostHookAsync(client, "no-such-bridge", submission, ("kobo", "s3cret"))).StatusCode);
        Assert.Empty(await host.RecordsAsync(bridge.Id));

        var ok = await PostHookAsync(client, bridge.Key, submission, ("kobo", "s3cret"));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("7", Assert.Single(await host.RecordsAsync(bridge.Id)).NaturalId);
    }

    [Fact]
    public async Task Stop_streaming_ends_polls_and_sends_and_start_resumes_them()
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 5);
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs);
        await hubs.WaitForEventsAsync(5);
        var polls = host.Services.GetRequiredService<PollScheduler>();
        Assert.NotNull(polls.NextPoll(bridge.Id));

        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Stopped);
        Assert.Null(polls.NextPoll(bridge.Id));
        var requests = kobo.DataRequests;
        kobo.AddSubmissions(KoboBridges.Asset, 5);
        await host.Services.GetRequiredService<PollBridgeJob>().RunAsync(bridge.Id, CancellationToken.None);
        using var client = host.CreateClient();
        await PostHookAsync(client, bridge.Key, """{"_id": 999, "_uuid": "pushed"}""", null);
        await Task.Delay(1500);
        Assert.Equal(requests, kobo.DataRequests);
        Assert.Equal(5, hubs.Events.Count);
        Assert.Equal(RecordStatus.Pending, (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId == "999").Status);

        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Running);
        Assert.NotNull(polls.NextPoll(bridge.Id));
        await hubs.WaitForEventsAsync(11);
    }

    private static Task<HttpResponseMessage> PostHookAsync(HttpClient client, string key, string body, (string User, string Password)? basic, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{key}") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (basic is { } b)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{b.User}:{b.Password}")));
        }

        return client.SendAsync(request);
    }
}

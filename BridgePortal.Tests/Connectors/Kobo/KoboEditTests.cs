using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.EventHubs;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Connectors.Kobo;

/// <summary>
/// A Kobo edit keeps <c>_id</c>, <c>_submission_time</c> and <c>meta/rootUuid</c> but gets a new <c>_uuid</c> (its new
/// <c>meta/instanceID</c>; <c>meta/deprecatedID</c> holds the old one). Whichever way the copies arrive — pushed by the
/// REST service, polled, re-read by the re-scan window — a submission and its edit are one record, the edit version 2.
/// </summary>
public sealed class KoboEditTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task An_edited_submission_inside_the_rescan_window_is_delivered_again_as_version_2_of_the_same_record(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        kobo.AddSubmissions(KoboBridges.Asset, 5, i => new JsonObject { ["household"] = $"h{i}" });
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, sourceSettings: new() { [KoboSettings.RescanHours] = "24" });
        await hubs.WaitForEventsAsync(5);

        var original = kobo.Submissions(KoboBridges.Asset)[2];
        var edited = kobo.EditSubmission(KoboBridges.Asset, original["_id"]!.GetValue<long>(), s => s["household"] = "h2-corrected");
        Assert.NotEqual(original["_uuid"]!.GetValue<string>(), edited["_uuid"]!.GetValue<string>());
        Assert.Equal(original["meta/instanceID"]!.GetValue<string>(), edited["meta/deprecatedID"]!.GetValue<string>());
        await KoboBridges.PollNowAsync(host, bridge);

        await hubs.WaitForEventsAsync(6);
        var update = hubs.Events[5];
        Assert.Equal(original["_id"]!.ToJsonString(), update.UserProperties["naturalId"]);
        Assert.Equal(hubs.Events[2].UserProperties["naturalId"], update.UserProperties["naturalId"]);
        Assert.Equal("2", update.UserProperties["version"]);
        Assert.Equal("h2-corrected", JsonNode.Parse(update.Body)!["household"]!.GetValue<string>());
        Assert.Equal(edited["_uuid"]!.GetValue<string>(), JsonNode.Parse(update.Body)!["_uuid"]!.GetValue<string>());
        await KoboBridges.PollNowAsync(host, bridge);
        await Eventually.UntilAsync(async () => kobo.DataRequests >= 5, "a further poll ran");
        await Task.Delay(500);
        Assert.Equal(6, hubs.Events.Count); // unchanged submissions are never sent again
        var records = await host.RecordsAsync(bridge.Id);
        Assert.Equal(5, records.Count);
        Assert.Equal(2, records.Single(r => r.NaturalId == original["_id"]!.ToJsonString()).Version);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_pushed_submission_and_its_pushed_edit_reach_the_hub_as_versions_1_and_2_of_one_record(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs);
        await Eventually.UntilAsync(async () => (await KoboBridges.BridgeAsync(host, bridge.Id)).LastPollAt is not null, "the first (empty) poll ran");
        using var client = host.CreateClient();

        var original = kobo.AddSubmission(KoboBridges.Asset, new JsonObject { ["household"] = "h1", ["members"] = 4 });
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge.Key, original)).StatusCode);
        await hubs.WaitForEventsAsync(1);
        var edit = kobo.EditSubmission(KoboBridges.Asset, original["_id"]!.GetValue<long>(), s => s["members"] = 5);
        using var response = await PostAsync(client, bridge.Key, edit);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("updated", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>());

        await hubs.WaitForEventsAsync(2);
        Assert.Equal([original["_id"]!.ToJsonString(), original["_id"]!.ToJsonString()], hubs.Events.Select(e => e.UserProperties["naturalId"]));
        Assert.Equal(["1", "2"], hubs.Events.Select(e => e.UserProperties["version"]));
        Assert.Equal(5, JsonNode.Parse(hubs.Events[1].Body)!["members"]!.GetValue<int>());
        Assert.Equal(original["meta/instanceID"]!.GetValue<string>(), JsonNode.Parse(hubs.Events[1].Body)!["meta/deprecatedID"]!.GetValue<string>());
        var record = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal(2, record.Version);

        // The same edit pushed again (a manual retry in the REST Services log) changes nothing.
        using var again = await PostAsync(client, bridge.Key, edit);
        Assert.Equal("unchanged", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>());
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_polled_submission_and_its_pushed_edit_are_one_record(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        var original = kobo.AddSubmissions(KoboBridges.Asset, 3)[1];
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs);
        await hubs.WaitForEventsAsync(3);

        var edit = kobo.EditSubmission(KoboBridges.Asset, original["_id"]!.GetValue<long>(), s => s["n"] = 10);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge.Key, edit)).StatusCode);

        await hubs.WaitForEventsAsync(4);
        Assert.Equal(original["_id"]!.ToJsonString(), hubs.Events[3].UserProperties["naturalId"]);
        Assert.Equal("2", hubs.Events[3].UserProperties["version"]);
        Assert.Equal(3, (await host.RecordsAsync(bridge.Id)).Count);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_pushed_submission_whose_edit_is_then_polled_is_one_record_whose_last_delivery_is_the_edit(StorageKind storage)
    {
        await using var kobo = await FakeKobo.StartAsync();
        kobo.AddAsset(KoboBridges.Asset, "Household survey");
        var original = kobo.AddSubmission(KoboBridges.Asset, new JsonObject { ["household"] = "h1" });
        await using var hubs = await FakeEventHubs.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await KoboBridges.CreateAsync(host, kobo, hubs, start: false);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge.Key, original)).StatusCode);

        kobo.EditSubmission(KoboBridges.Asset, original["_id"]!.GetValue<long>(), s => s["household"] = "h1-corrected");
        await KoboBridges.SetStateAsync(host, bridge, BridgeState.Running);

        // Start both polls and dispatches: the pushed version 1 may or may not go out before the poll stores the edit.
        await Eventually.UntilAsync(() => Task.FromResult(hubs.Events.Any(e => e.UserProperties["version"] == "2")), "version 2 reached the hub");
        await Task.Delay(500);
        Assert.All(hubs.Events, e => Assert.Equal(original["_id"]!.ToJsonString(), e.UserProperties["naturalId"]));
        Assert.Equal("h1-corrected", JsonNode.Parse(hubs.Events[^1].Body)!["household"]!.GetValue<string>());
        Assert.Equal(2, Assert.Single(await host.RecordsAsync(bridge.Id)).Version);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, JsonObject submission) =>
        client.PostAsync($"/hooks/{key}", new StringContent(submission.ToJsonString(), Encoding.UTF8, "application/json"));
}

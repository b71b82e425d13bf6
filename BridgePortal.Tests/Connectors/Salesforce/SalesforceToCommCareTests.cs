using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Connectors.CommCare.Cases;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.CommCare;
using BridgePortal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using BridgePortal.Bridges;
using static BridgePortal.Tests.Connectors.Salesforce.SalesforceToCommCareBridges;

namespace BridgePortal.Tests.Connectors.Salesforce;

/// <summary>Salesforce records POSTed to <c>/hooks/{key}</c> → stored → dispatched → one case XForm each at CommCare's receiver.</summary>
public sealed class SalesforceToCommCareTests(ITestOutputHelper output)
{
    private static readonly XNamespace Case = CaseXForm.CaseXmlns;

    private static string GroupCaseId(int n) => DeterministicUuid.CaseId(SalesforcePayloads.Id("a0G", n));

    private static string CaseIdOf(JsonObject record) => DeterministicUuid.CaseId(record["Id"]!.GetValue<string>());

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_salesforce_participant_becomes_one_valid_case_xform_at_commcare_with_the_mapped_properties(StorageKind storage)
    {
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddCase(GroupCaseId(1), "training_group");
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await CreateAsync(host, commCare);
        var participant = SalesforcePayloads.Participant(1);

        var response = await PostAsync(host.CreateClient(), bridge, new JsonArray(participant.DeepClone()).ToJsonString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var naturalId = $"Participant__c:{SalesforcePayloads.Id("a0P", 1)}";
        await host.UntilStatusAsync(bridge.Id, naturalId, RecordStatus.Delivered);
        var record = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal("Participant__c", record.Module);
        Assert.Equal(1, record.Attempts); // delivered at its first try (CommCare answered 201): no failed attempt row
        Assert.Empty(await host.AttemptsAsync(bridge.Id));

        var xml = XDocument.Parse(Assert.Single(commCare.Submissions));
        Assert.Equal(XName.Get("data", CaseXForm.FormXmlns), xml.Root!.Name);
        Assert.False(string.IsNullOrEmpty(xml.Descendants(XName.Get("instanceID", CaseXForm.MetaXmlns)).Single().Value));
        var block = xml.Root.Element(Case + "case")!;
        Assert.Equal(CaseIdOf(participant), (string?)block.Attribute("case_id"));
        Assert.Equal("2026-03-04T10:15:00.000000Z", (string?)block.Attribute("date_modified"));
        Assert.Equal("api-user-0001", (string?)block.Attribute("user_id"));
        Assert.Equal("participant", block.Element(Case + "create")!.Element(Case + "case_type")!.Value);

        var stored = commCare.Cases[CaseIdOf(participant)];
        Assert.Equal(("participant", "Amina Okello 1", SalesforcePayloads.OwnerId), (stored.CaseType, stored.Name, stored.OwnerId));
        Assert.Equal("Amina", stored.Properties["first_name"]);
        Assert.Equal("34", stored.Properties["age"]);
        Assert.Equal("+256 772 000 001", stored.Properties["phone_number"]);
        Assert.Equal("TG-Kapchorwa-01", stored.Properties["training_group_name"]);
        Assert.Equal(SalesforcePayloads.Id("a0P", 1), stored.Properties["external_id"]);
        Assert.Equal(new FakeCaseIndex("training_group", GroupCaseId(1), "child"), stored.Indices["parent"]);
        output.WriteLine(commCare.Submissions[0]);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task All_five_object_types_in_one_post_become_five_cases_with_their_types_and_referenced_cases_go_first(StorageKind storage)
    {
        await using var commCare = await FakeCommCare.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await CreateAsync(host, commCare);
        var participant = SalesforcePayloads.Participant(1);
        var session = SalesforcePayloads.TrainingSession(1);
        var sampling = SalesforcePayloads.HouseholdSampling(1);
        var group = SalesforcePayloads.TrainingGroup(1);
        var role = SalesforcePayloads.ProjectRole(1);

        // Children before their parents, as a careless sender might: the sink still creates the parents first.
        var body = new JsonObject { ["totalSize"] = 5, ["done"] = true, ["records"] = new JsonArray(participant, session, sampling, group, role) };
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(host.CreateClient(), bridge, body.ToJsonString())).StatusCode);

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Count(r => r.Status == RecordStatus.Delivered) == 5, "all five delivered");
        Assert.Empty(await host.AttemptsAsync(bridge.Id)); // delivered at the first try: no failure to record
        Assert.All(await host.RecordsAsync(bridge.Id), r => Assert.Equal(1, r.Attempts));

        var cases = commCare.Cases;
        Assert.Equal(5, cases.Count);
        Assert.Equal("participant", cases[CaseIdOf(participant)].CaseType);
        Assert.Equal("training_session", cases[CaseIdOf(session)].CaseType);
        Assert.Equal("household_sampling", cases[CaseIdOf(sampling)].CaseType);
        Assert.Equal("training_group", cases[CaseIdOf(group)].CaseType);
        Assert.Equal("project_role", cases[CaseIdOf(role)].CaseType);
        Assert.Equal(new FakeCaseIndex("training_group", CaseIdOf(group), "child"), cases[CaseIdOf(session)].Indices["parent"]);
        Assert.Equal(new FakeCaseIndex("training_group", CaseIdOf(group), "child"), cases[CaseIdOf(sampling)].Indices["parent"]);
        Assert.Equal(new FakeCaseIndex("project_role", CaseIdOf(role), "extension"), cases[CaseIdOf(group)].Indices["trainer"]);
        Assert.Equal("9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b", cases[CaseIdOf(role)].OwnerId);

        var order = commCare.CaseBlocks.Select(b => (string)b.Attribute("case_id")!).ToList();
        Assert.True(order.IndexOf(CaseIdOf(role)) < order.IndexOf(CaseIdOf(group)), "the role before the group that references it");
        Assert.True(order.IndexOf(CaseIdOf(group)) < order.IndexOf(CaseIdOf(session)), "the group before its session");
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Re_posting_an_unchanged_record_submits_nothing_and_a_changed_field_updates_the_same_case_once(StorageKind storage)
    {
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddCase(GroupCaseId(1), "training_group");
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await CreateAsync(host, commCare);
        var client = host.CreateClient();
        var naturalId = $"Participant__c:{SalesforcePayloads.Id("a0P", 1)}";

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, SalesforcePayloads.Participant(1).ToJsonString())).StatusCode);
        await host.UntilStatusAsync(bridge.Id, naturalId, RecordStatus.Delivered);

        var again = await PostAsync(client, bridge, new JsonArray(SalesforcePayloads.Participant(1)).ToJsonString());
        Assert.Equal("unchanged", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>());
        await Task.Delay(1500);
        Assert.Single(commCare.Submissions);

        var changed = SalesforcePayloads.Participant(1, firstName: "Grace");
        changed["LastModifiedDate"] = "2026-03-06T07:30:00.000+0000";
        var update = await PostAsync(client, bridge, new JsonObject { ["records"] = new JsonArray(changed) }.ToJsonString());
        Assert.Equal("updated", JsonNode.Parse(await update.Content.ReadAsStringAsync())!["records"]![0]!["disposition"]!.GetValue<string>());
        await Eventually.UntilAsync(() => Task.FromResult(commCare.Submissions.Count == 2), "the update was submitted");
        await host.UntilStatusAsync(bridge.Id, naturalId, RecordStatus.Delivered);

        Assert.Equal(2, commCare.CaseBlocks.Count);
        Assert.Single(commCare.CaseBlocks.Select(b => (string)b.Attribute("case_id")!).Distinct());
        Assert.Equal("2026-03-06T07:30:00.000000Z", (string?)commCare.CaseBlocks[1].Attribute("date_modified"));
        var stored = Assert.Single(commCare.Cases.Values, c => c.CaseType == "participant");
        Assert.Equal(("Grace", "Grace Okello 1", 2), (stored.Properties["first_name"], stored.Name, stored.Submissions));
        Assert.Equal(2, (await host.RecordsAsync(bridge.Id)).Single().Version);
    }

    [Fact]
    public async Task CommCare_busy_is_retried_with_backoff_and_a_session_arriving_before_its_group_waits_for_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddCase(GroupCaseId(1), "training_group");
        commCare.FailNext(1, 503);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite, services: s => s.AddSingleton<TimeProvider>(clock));
        var bridge = await CreateAsync(host, commCare);
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, SalesforcePayloads.Participant(1).ToJsonString())).StatusCode);
        await Eventually.UntilAsync(async () => (await host.AttemptsAsync(bridge.Id)).Any(a => a.HttpStatus == 503), "the first submission met 503");
        var waiting = Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Equal(RecordStatus.Pending, waiting.Status);
        Assert.Contains("CommCare answered 503: Service Unavailable", waiting.LastError);
        Assert.DoesNotContain(commCare.Cases.Values, c => c.CaseType == "participant");

        clock.Advance(TimeSpan.FromSeconds(13));
        await host.UntilStatusAsync(bridge.Id, waiting.NaturalId, RecordStatus.Delivered);
        Assert.Single(commCare.Cases.Values, c => c.CaseType == "participant");

        // A session whose group CommCare does not have yet: HQ says InvalidCaseIndex; it is retried, not failed.
        var session = SalesforcePayloads.TrainingSession(1, group: 2);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, session.ToJsonString())).StatusCode);
        var sessionId = $"Training_Session__c:{session["Id"]}";
        await Eventually.UntilAsync(async () => (await host.AttemptsAsync(bridge.Id)).Any(a => a.HttpStatus == 422), "the session met InvalidCaseIndex");
        var parked = (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId == sessionId);
        Assert.Equal(RecordStatus.Pending, parked.Status);
        Assert.Contains("InvalidCaseIndex", parked.LastError);

        var groupAndTrainer = new JsonArray(SalesforcePayloads.TrainingGroup(2, trainer: 1), SalesforcePayloads.ProjectRole(1));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, groupAndTrainer.ToJsonString())).StatusCode);
        await host.UntilStatusAsync(bridge.Id, $"Training_Group__c:{SalesforcePayloads.Id("a0G", 2)}", RecordStatus.Delivered);
        clock.Advance(TimeSpan.FromSeconds(13));
        await host.UntilStatusAsync(bridge.Id, sessionId, RecordStatus.Delivered);
        Assert.Equal(GroupCaseId(2), commCare.Cases[CaseIdOf(session)].Indices["parent"].CaseId);
    }

    [SkippableFact]
    public async Task A_4xx_from_commcare_or_an_unmapped_type_fails_the_record_at_once_with_the_reason_while_others_flow()
    {
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddCase(GroupCaseId(1), "training_group");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await CreateAsync(host, commCare);
        var client = host.CreateClient();

        commCare.FailNext(1, 400, "Invalid XForm: the form's case block could not be read");
        var first = SalesforcePayloads.Participant(1);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, first.ToJsonString())).StatusCode);
        await host.UntilStatusAsync(bridge.Id, $"Participant__c:{first["Id"]}", RecordStatus.Failed);

        var longName = SalesforcePayloads.Participant(2);
        longName["Name"] = new string('N', 300);
        var account = SalesforcePayloads.Record("Account", SalesforcePayloads.Id("001", 1), new JsonObject { ["Name"] = "Kapchorwa Coffee Co-operative" });
        var good = SalesforcePayloads.Participant(3);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, new JsonArray(longName, account, good).ToJsonString())).StatusCode);
        await host.UntilStatusAsync(bridge.Id, $"Participant__c:{good["Id"]}", RecordStatus.Delivered);
        await host.UntilStatusAsync(bridge.Id, $"Participant__c:{longName["Id"]}", RecordStatus.Failed);
        await host.UntilStatusAsync(bridge.Id, $"Account:{account["Id"]}", RecordStatus.Failed);

        var records = (await host.RecordsAsync(bridge.Id)).ToDictionary(r => r.NaturalId);
        var rejected = records[$"Participant__c:{first["Id"]}"];
        Assert.Equal($"CommCare rejected case {CaseIdOf(first)} (400): Invalid XForm: the form's case block could not be read", rejected.LastError);
        Assert.Equal(1, rejected.Attempts);
        Assert.Contains("CaseValueError: the case name", records[$"Participant__c:{longName["Id"]}"].LastError);
        Assert.Equal("Unrouted: no mapping for object type 'Account'", records[$"Account:{account["Id"]}"].LastError);
        Assert.Equal(1, records[$"Account:{account["Id"]}"].Attempts);
        Assert.Equal(["participant"], commCare.Cases.Values.Where(c => c.CaseType != "training_group").Select(c => c.CaseType));
        Assert.Equal(3, commCare.ReceivedSubmissions);
    }

    [SkippableFact]
    public async Task Bad_auth_malformed_json_a_record_without_id_and_an_unaccepted_type_are_refused_precisely_storing_nothing()
    {
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddCase(GroupCaseId(1), "training_group");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await CreateAsync(host, commCare, sourceSettings: new() { [SalesforceRecordsSettings.ObjectTypes] = "Participant__c,Training_Group__c" });
        var client = host.CreateClient();
        var good = new JsonArray(SalesforcePayloads.Participant(1)).ToJsonString();

        var anonymous = await PostAsync(client, bridge, good, bearer: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        var wrong = await PostAsync(client, bridge, good, bearer: "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(Secret, await wrong.Content.ReadAsStringAsync());

        var malformed = await PostAsync(client, bridge, good[..^3]);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("Malformed JSON", await malformed.Content.ReadAsStringAsync());

        var idless = SalesforcePayloads.Participant(2);
        idless.Remove("Id");
        var missingId = await PostAsync(client, bridge, new JsonArray(SalesforcePayloads.Participant(3), idless).ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, missingId.StatusCode);
        Assert.Contains("Record 1 has no Id. Nothing was stored", await missingId.Content.ReadAsStringAsync());

        var session = await PostAsync(client, bridge, new JsonArray(SalesforcePayloads.TrainingSession(1)).ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, session.StatusCode);
        Assert.Contains("Record 0 is a 'Training_Session__c'; this bridge accepts only Participant__c, Training_Group__c", await session.Content.ReadAsStringAsync());

        Assert.Empty(await host.RecordsAsync(bridge.Id));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(client, bridge, good)).StatusCode);
        await host.UntilStatusAsync(bridge.Id, $"Participant__c:{SalesforcePayloads.Id("a0P", 1)}", RecordStatus.Delivered);
        Assert.Single(await host.RecordsAsync(bridge.Id));
        Assert.Single(commCare.Submissions);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Submissions_run_in_parallel_up_to_the_bridge_setting_and_no_further(int parallel)
    {
        await using var commCare = await FakeCommCare.StartAsync();
        commCare.AddCase(GroupCaseId(1), "training_group");
        commCare.SubmissionDelay = TimeSpan.FromMilliseconds(100);
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await CreateAsync(host, commCare, parallel: parallel);
        var records = new JsonArray([.. Enumerable.Range(1, 40).Select(n => SalesforcePayloads.Participant(n))]);

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(host.CreateClient(), bridge, records.ToJsonString())).StatusCode);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "all 40 delivered");
        watch.Stop();

        Assert.Equal(41, commCare.Cases.Count);
        Assert.InRange(commCare.MaxConcurrentSubmissions, Math.Min(parallel, 2), parallel);
        output.WriteLine($"parallel {parallel}: 40 records × 100 ms at CommCare delivered in {watch.ElapsedMilliseconds} ms; max concurrent {commCare.MaxConcurrentSubmissions}");
    }

    [SkippableFact]
    public async Task A_bridge_with_a_bad_case_mapping_or_parallelism_is_not_saved_and_says_why()
    {
        await using var commCare = await FakeCommCare.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connectionId = await CommCareConnectionAsync(host, owner, commCare);
        await using var scope = host.Services.CreateAsyncScope();
        var bridges = scope.ServiceProvider.GetRequiredService<BridgeService>();

        var (bridge, _, errors) = await bridges.CreateAsync(owner,
            Draft(connectionId, mappings: """{"Training_Session__c": {"caseType": "training_session", "caseName": "Name", "ownerId": "o", "indices": {"parent": {"field": "Training_Group__c"}}}}""", parallel: 32),
            CancellationToken.None);

        Assert.Null(bridge);
        Assert.Equal("Training_Session__c.indices.parent: \"caseType\" is required (the CommCare case type, e.g. participant).", errors[CaseSinkSettings.CaseMappings]);
        Assert.Equal("Parallel submissions is a whole number from 1 to 16.", errors[CaseSinkSettings.ParallelSubmissions]);
    }
}

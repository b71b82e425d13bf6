using System.Text.Json.Nodes;
using BridgePortal.Connectors;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Connectors.Salesforce;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>CommCare's data forwarder → /hooks/{key} → records → Salesforce sink → FakeSalesforce, all over real HTTP.</summary>
public sealed class CommCareToSalesforceTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Five_hundred_registrations_become_500_households_and_500_participants_once_and_forwarding_them_again_changes_nothing(StorageKind storage)
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await SalesforceBridges.CreateAsync(host, salesforce, SalesforceMappingsFixture.FarmerRegistration);
        using var client = host.CreateClient();
        var forms = Enumerable.Range(1, 500).Select(n => CommCarePayloads.FarmerRegistrationForm(n)).ToList();

        await SalesforceBridges.ForwardAllAsync(client, bridge.Key, forms);
        await SalesforceBridges.UntilSettledAsync(host, bridge.Id, 500);
        var records = await host.RecordsAsync(bridge.Id);
        Assert.All(records, r => Assert.Equal(RecordStatus.Delivered, r.Status));
        var households = salesforce.Records("Household__c");
        var participants = salesforce.Records("Participant__c");
        Assert.Equal(500, households.Count);
        Assert.Equal(500, participants.Count);
        Assert.Equal((1000, 0), (salesforce.Created, salesforce.Updated)); // each upserted exactly once
        Assert.All(salesforce.CallSizes, size => Assert.InRange(size, 1, 200));
        for (var n = 1; n <= 500; n += 37)
        {
            var participant = salesforce.Find("Participant__c", $"FR-{n:D6}")!;
            Assert.Equal($"Farmer {n}", participant["Name"]);
            Assert.Equal(salesforce.Find("Household__c", $"HH-{n:D6}")!.Id, participant["Household__c"]);
            Assert.Equal("CommCare", participant["Source__c"]);
        }

        Assert.Equal(1, salesforce.TokenRequests);
        var calls = salesforce.UpsertCalls;
        await SalesforceBridges.ForwardAllAsync(client, bridge.Key, forms);

        await Task.Delay(1500);
        Assert.Equal(calls, salesforce.UpsertCalls);
        Assert.Equal((1000, 0), (salesforce.Created, salesforce.Updated));
        Assert.Equal(500, (await host.RecordsAsync(bridge.Id)).Count(r => r.Status == RecordStatus.Delivered));
        Assert.Empty(await host.AttemptsAsync(bridge.Id)); // each was delivered at its one try: a delivered try keeps no attempt row
        Assert.All(await host.RecordsAsync(bridge.Id), r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task One_invalid_record_fails_alone_with_salesforces_code_and_message_while_the_other_499_are_delivered()
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        salesforce.AddValidationRule("Participant__c", "Name", "INVALID NAME", "Farmer name must be a real name");
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await SalesforceBridges.CreateAsync(host, salesforce, SalesforceMappingsFixture.FarmerRegistration, start: false);
        using var client = host.CreateClient();
        await SalesforceBridges.ForwardAllAsync(client, bridge.Key, Enumerable.Range(1, 500).Select(n => CommCarePayloads.FarmerRegistrationForm(n, n == 250 ? "INVALID NAME" : null)));

        await SalesforceBridges.SetStateAsync(host, bridge, BridgeState.Running);
        await SalesforceBridges.UntilSettledAsync(host, bridge.Id, 500);

        var records = await host.RecordsAsync(bridge.Id);
        var failed = Assert.Single(records, r => r.Status == RecordStatus.Failed);
        Assert.Equal("f0a1b2c3-0000-4000-8000-000000000250", failed.NaturalId);
        Assert.Equal(1, failed.Attempts); // permanent: not retried
        Assert.Equal("Participant__c (step 'participant', Participant_Ext_Id__c FR-000250): FIELD_CUSTOM_VALIDATION_EXCEPTION: Farmer name must be a real name", failed.LastError);
        Assert.Equal(499, records.Count(r => r.Status == RecordStatus.Delivered));
        Assert.Equal(500, salesforce.Records("Household__c").Count);
        Assert.Equal(499, salesforce.Records("Participant__c").Count);
        Assert.Null(salesforce.Find("Participant__c", "FR-000250"));
        var attempt = (await host.AttemptsAsync(bridge.Id)).Single(a => a.RecordId == failed.Id);
        Assert.Equal((AttemptOutcome.PermanentFailure, 200), (attempt.Outcome, attempt.HttpStatus));
    }

    [Fact]
    public async Task A_session_expiring_mid_run_is_renewed_once_and_the_run_continues_without_a_failed_attempt()
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await SalesforceBridges.CreateAsync(host, salesforce, SalesforceMappingsFixture.FarmerRegistration, start: false);
        using var client = host.CreateClient();
        await SalesforceBridges.ForwardAllAsync(client, bridge.Key, Enumerable.Range(1, 500).Select(n => CommCarePayloads.FarmerRegistrationForm(n)));

        salesforce.ExpireSessionsAfterUpserts(3); // the session dies after the third upsert call, mid-run
        await SalesforceBridges.SetStateAsync(host, bridge, BridgeState.Running);
        await SalesforceBridges.UntilSettledAsync(host, bridge.Id, 500);

        Assert.All(await host.RecordsAsync(bridge.Id), r => Assert.Equal(RecordStatus.Delivered, r.Status));
        Assert.Empty(await host.AttemptsAsync(bridge.Id)); // the expired session was renewed inside the try: no failed attempt
        Assert.Equal(1, salesforce.SessionRejections);
        Assert.Equal(2, salesforce.TokenRequests);
        Assert.True(salesforce.UpsertCalls > 3, $"{salesforce.UpsertCalls} upsert calls");
        Assert.Equal((1000, 0), (salesforce.Created, salesforce.Updated));
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task An_unknown_form_type_is_kept_as_unrouted_listed_and_delivered_once_a_mapping_is_added_and_retried(StorageKind storage)
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await SalesforceBridges.CreateAsync(host, salesforce, SalesforceMappingsFixture.FarmerRegistration);
        using var client = host.CreateClient();
        for (var n = 1; n <= 3; n++)
        {
            await SalesforceBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.Form($"att-{n}", CommCarePayloads.AttendanceXmlns, "Training Attendance",
                new JsonObject { ["session"] = "S-2026-11", ["farmer_id"] = $"FR-{n:D6}" }));
        }

        await SalesforceBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.FarmerRegistrationForm(1));
        await SalesforceBridges.UntilSettledAsync(host, bridge.Id, 4);

        var unrouted = (await host.RecordsAsync(bridge.Id)).Where(r => r.NaturalId.StartsWith("att-", StringComparison.Ordinal)).ToList();
        Assert.All(unrouted, r =>
        {
            Assert.Equal(RecordStatus.Failed, r.Status);
            Assert.Equal(1, r.Attempts);
            Assert.Equal($"Unrouted: no mapping for form type '{CommCarePayloads.AttendanceXmlns}'", r.LastError);
            Assert.NotNull(r.Payload); // kept, never lost
        });
        Assert.Equal(RecordStatus.Delivered, (await host.RecordsAsync(bridge.Id)).Single(r => r.NaturalId.StartsWith("f0a1", StringComparison.Ordinal)).Status);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var mappings = scope.ServiceProvider.GetRequiredService<SalesforceMappings>();
            Assert.Equal([new UnroutedFormType(CommCarePayloads.AttendanceXmlns, 3, false)], await mappings.UnroutedAsync(bridge.Owner, bridge.Id, CancellationToken.None));
            Assert.Equal(0, await mappings.RetryUnroutedAsync(bridge.Owner, bridge.Id, CancellationToken.None)); // still no mapping: nothing to retry

            Assert.Null(await mappings.SaveAsync(bridge.Owner, bridge.Id, SalesforceMappingsFixture.WithAttendance, CancellationToken.None));
            Assert.Equal([new UnroutedFormType(CommCarePayloads.AttendanceXmlns, 3, true)], await mappings.UnroutedAsync(bridge.Owner, bridge.Id, CancellationToken.None));
            Assert.Equal(3, await mappings.RetryUnroutedAsync(bridge.Owner, bridge.Id, CancellationToken.None));
        }

        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status == RecordStatus.Delivered), "the unrouted forms are delivered");
        Assert.Equal(["att-1", "att-2", "att-3"], salesforce.Records("Attendance__c").Select(r => r["Attendance_Ext_Id__c"]!).Order());
        Assert.Equal("S-2026-11", salesforce.Find("Attendance__c", "att-2")!["Session__c"]);
        await using var check = host.Services.CreateAsyncScope();
        Assert.Empty(await check.ServiceProvider.GetRequiredService<SalesforceMappings>().UnroutedAsync(bridge.Owner, bridge.Id, CancellationToken.None));
        var audit = await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.BridgeId == bridge.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("bridge.salesforce-mapping", audit);
        Assert.Contains("record.retry", audit);
    }

    [Fact]
    public async Task Test_connection_signs_in_with_either_flow_shows_the_org_and_api_requests_left_and_names_invalid_grant_without_the_secret()
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();

        var password = await connections.TestAsync(owner, await SalesforceBridges.ConnectionAsync(host, owner, SalesforceBridges.Draft(salesforce)), CancellationToken.None);
        Assert.True(password.Succeeded, password.Message);
        Assert.Contains($"Signed in to org {salesforce.OrgId} at {salesforce.BaseAddress.GetLeftPart(UriPartial.Authority)} (API v62.0)", password.Message);
        Assert.Contains("DailyApiRequests remaining 14999 of 15000", password.Message);
        Assert.Contains("api-usage=1/15000", password.Message);

        var credentials = await connections.TestAsync(owner,
            await SalesforceBridges.ConnectionAsync(host, owner, SalesforceBridges.Draft(salesforce, SalesforceSettings.ClientCredentialsFlow)), CancellationToken.None);
        Assert.True(credentials.Succeeded, credentials.Message);
        Assert.Contains("DailyApiRequests remaining 14998 of 15000", credentials.Message);

        const string wrong = "not-the-consumer-secret-42";
        var refused = await connections.TestAsync(owner, await SalesforceBridges.ConnectionAsync(host, owner,
            SalesforceBridges.Draft(salesforce, change: (_, secrets) => secrets[SalesforceSettings.ClientSecret] = wrong)), CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.StartsWith("Salesforce refused the sign-in (invalid_grant: authentication failure)", refused.Message);
        Assert.DoesNotContain(wrong, refused.Message);
        Assert.DoesNotContain(salesforce.Password, refused.Message);

        var noToken = await connections.TestAsync(owner, await SalesforceBridges.ConnectionAsync(host, owner,
            SalesforceBridges.Draft(salesforce, change: (_, secrets) => secrets.Remove(SalesforceSettings.SecurityToken))), CancellationToken.None);
        Assert.Contains("invalid_grant", noToken.Message);

        var (_, invalid) = await connections.SaveAsync(owner, null, SalesforceBridges.Draft(salesforce, SalesforceSettings.ClientCredentialsFlow,
            (settings, _) => (settings[SalesforceSettings.LoginUrl], settings[SalesforceSettings.ApiVersion]) = ("production", "62")), CancellationToken.None);
        Assert.Contains("My Domain URL", invalid[SalesforceSettings.LoginUrl]);
        Assert.Contains("looks like v62.0", invalid[SalesforceSettings.ApiVersion]);
        var (_, incomplete) = await connections.SaveAsync(owner, null, SalesforceBridges.Draft(salesforce,
            change: (settings, secrets) => { settings.Remove(SalesforceSettings.Username); secrets.Remove(SalesforceSettings.Password); }), CancellationToken.None);
        Assert.Equal(["Password", "Username"], incomplete.Keys.Order());
    }

    [Fact]
    public async Task A_bad_mapping_is_refused_on_save_a_form_missing_an_answer_fails_with_the_path_and_an_outage_is_retried()
    {
        await using var salesforce = await FakeSalesforce.StartAsync();
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        var connection = await SalesforceBridges.ConnectionAsync(host, owner, SalesforceBridges.Draft(salesforce));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var (bridge, _, errors) = await scope.ServiceProvider.GetRequiredService<BridgeService>().CreateAsync(owner, new BridgeDraft(
                "bad", BridgePortal.Connectors.CommCare.CommCareFormReceiver.SourceKind, null, [], SalesforceSink.SinkKind, connection,
                new() { [SalesforceSettings.Mappings] = """{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}, "dependsOn": ["b"]}]}""" },
                null), CancellationToken.None);
            Assert.Null(bridge);
            Assert.Equal("Form type 'T', step 'a': it depends on 'b', which is no step of this form type.", errors[SalesforceSettings.Mappings]);
        }

        var good = await SalesforceBridges.CreateAsync(host, salesforce, SalesforceMappingsFixture.FarmerRegistration, owner: owner);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var error = await scope.ServiceProvider.GetRequiredService<SalesforceMappings>().SaveAsync(owner, good.Id, "{\"T\": 1}", CancellationToken.None);
            Assert.Equal("Form type 'T': the value is a non-empty list of steps.", error);
        }

        using var client = host.CreateClient();
        var nameless = CommCarePayloads.FarmerRegistrationForm(1);
        ((JsonObject)nameless["form"]!).Remove("farmer_name");
        await SalesforceBridges.ForwardAsync(client, good.Key, nameless);
        await host.UntilStatusAsync(good.Id, nameless["id"]!.GetValue<string>(), RecordStatus.Failed);
        Assert.Equal("Mapping: Step 'participant' (Participant__c), field Name: the form has no value at 'form.farmer_name'.",
            (await host.RecordsAsync(good.Id)).Single().LastError);
        Assert.Equal(0, salesforce.UpsertCalls);

        salesforce.FailNext(1, 503);
        var form = CommCarePayloads.FarmerRegistrationForm(2);
        await SalesforceBridges.ForwardAsync(client, good.Key, form);
        await Eventually.UntilAsync(async () => (await host.AttemptsAsync(good.Id)).Any(a => a.Outcome == AttemptOutcome.TransientFailure), "the outage is met");
        var pending = (await host.RecordsAsync(good.Id)).Single(r => r.NaturalId == form["id"]!.GetValue<string>());
        Assert.Equal(RecordStatus.Pending, pending.Status);
        Assert.NotNull(pending.NextAttemptAt);
        Assert.Contains("was answered 503: SERVER_UNAVAILABLE: Service unavailable", pending.LastError);
    }
}

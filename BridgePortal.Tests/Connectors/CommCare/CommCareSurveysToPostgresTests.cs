using System.Diagnostics;
using System.Text.Json.Nodes;
using BridgePortal.Connectors;
using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Data;
using BridgePortal.Data.Model;
using BridgePortal.Identity;
using BridgePortal.Tests.Fakes;
using BridgePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>CommCare's data forwarder → /hooks → records → dispatcher → the survey sink → wet-mill and survey tables on a real PostgreSQL.</summary>
public sealed class CommCareSurveysToPostgresTests(ITestOutputHelper output)
{
    private const string QuestionRow = """
        question_path || '|' || value_type || '|' || coalesce(value_number::text, '') || '|' || coalesce(value_boolean::text, '') || '|'
        || coalesce(value_date::text, '') || '|' || coalesce(to_char(value_timestamp at time zone 'UTC', 'YYYY-MM-DD HH24:MI'), '') || '|'
        || coalesce(latitude::text || ',' || longitude::text || ',' || altitude::text || ',' || accuracy::text, '') || '|' || value_text
        """;

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task A_wet_mill_visit_becomes_typed_question_rows_a_re_forward_changes_nothing_and_an_edit_replaces_them(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        var bridge = await CommCareSurveyBridges.CreateAsync(host);
        using var client = host.CreateClient();
        var visitId = CommCarePayloads.WetMillVisitId(1);

        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillVisitForm(1));
        await host.UntilStatusAsync(bridge.Id, visitId, RecordStatus.Delivered);

        Assert.Equal([$"{visitId}|{CommCarePayloads.WetMillVisit}|Wet Mill Visit|{CommCarePayloads.WetMillCaseId(1)}|a1b2c3-field-officer|field.officer|2026-11-02 08:55:12|2026-11-02 09:01:40|2026-11-02 09:15:00|1"],
            await QueryAsync(bridge, """
                select form_id || '|' || xmlns || '|' || form_name || '|' || wetmill_case_id || '|' || user_id || '|' || username || '|'
                    || to_char(time_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '|' || to_char(time_end at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '|'
                    || to_char(received_on at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '|' || revision from form_visits
                """));
        Assert.Equal(["Wet Mill Visit|19|2026-11-02 09:01:40|field.officer"], await QueryAsync(bridge,
            "select survey_name || '|' || answer_count || '|' || to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '|' || (select raw->'form'->'meta'->>'username' from form_visits) from survey_responses"));
        string[] expected =
        [
            Row("visit_date", "date", date: "2026-11-02", text: "2026-11-02"),
            Row("visit_type", "text", text: "routine"),
            Row("gps", "gps", gps: "-2.596,29.7391,1698.2,3.9", text: "-2.5960 29.7391 1698.2 3.9"),
            Row("cherry_received_kg", "number", number: "1250.5", text: "1250.5"),
            Row("cherry_price_rwf", "number", number: "380", text: "380"),
            Row("water_recycling", "boolean", boolean: "true", text: "yes"),
            Row("manager_present", "boolean", boolean: "false", text: "no"),
            Row("certifications", "text", text: "rainforest fairtrade organic"),
            Row("next_visit", "datetime", date: "2026-11-16", timestamp: "2026-11-16 06:00", text: "2026-11-16T08:00:00.000+02:00"),
            Row("contact_phone", "text", text: "0788123456"),
            Row("quality/floaters_removed", "boolean", boolean: "true", text: "true"),
            Row("quality/fermentation_hours", "number", number: "36", text: "36"),
            Row("quality/notes", "text", text: "Channels clean, pulper serviced"),
            Row("plots[1]/plot_id", "text", text: "P-1"),
            Row("plots[1]/area_ha", "number", number: "1.5", text: "1.5"),
            Row("plots[1]/shade_trees", "boolean", boolean: "true", text: "yes"),
            Row("plots[2]/plot_id", "text", text: "P-2"),
            Row("plots[2]/area_ha", "number", number: "0.75", text: "0.75"),
            Row("plots[2]/shade_trees", "boolean", boolean: "false", text: "no"),
        ];
        Assert.Equal(expected, await QueryAsync(bridge, $"select {QuestionRow} from survey_question_responses order by position"));
        Assert.Equal(["19|1"], await QueryAsync(bridge, "select count(*) || '|' || count(distinct response_id) from survey_question_responses"));
        var questionIds = await QueryAsync(bridge, "select string_agg(id::text, ',' order by id) from survey_question_responses");

        // CommCare re-sends a form it saw no 2xx for: the same rows, not even rewritten.
        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillVisitForm(1));
        Assert.Single(await host.RecordsAsync(bridge.Id));

        // The engine does not deliver an unchanged record again; a sink given it again (e.g. a replay) changes nothing either.
        await DeliverDirectlyAsync(host, bridge, [CommCarePayloads.WetMillVisitForm(1)]);

        Assert.Equal(["1|1|19|1"], await QueryAsync(bridge,
            "select (select count(*) from form_visits) || '|' || (select count(*) from survey_responses) || '|' || (select count(*) from survey_question_responses) || '|' || (select revision from form_visits)"));
        Assert.Equal(questionIds, await QueryAsync(bridge, "select string_agg(id::text, ',' order by id) from survey_question_responses"));

        // An edit in CommCare keeps the form id and is forwarded again: its question rows are replaced.
        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillVisitForm(1, plots: 1, notes: "Pulper broken, repair booked"));
        await Eventually.UntilAsync(async () => (await QueryAsync(bridge, "select revision::text from form_visits")).SequenceEqual(["2"]), "the edited visit is stored");
        var edited = await QueryAsync(bridge, $"select {QuestionRow} from survey_question_responses order by position");
        Assert.Equal([.. expected.Where(r => !r.StartsWith("plots[2]", StringComparison.Ordinal)).Select(r => r.Replace("Channels clean, pulper serviced", "Pulper broken, repair booked", StringComparison.Ordinal))], edited);
        Assert.Equal(["1|1|16|16"], await QueryAsync(bridge,
            "select (select count(*) from form_visits) || '|' || (select count(*) from survey_responses) || '|' || (select count(*) from survey_question_responses) || '|' || (select answer_count from survey_responses)"));
        Assert.Single(await host.RecordsAsync(bridge.Id));
    }

    [SkippableFact]
    public async Task A_wet_mill_registration_is_one_row_per_case_and_a_re_registration_updates_it()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await CommCareSurveyBridges.CreateAsync(host);
        using var client = host.CreateClient();

        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillRegistrationForm(1));
        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillRegistrationForm(2));
        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillRegistrationForm(1));
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Count(r => r.Status == RecordStatus.Delivered) == 2, "both registrations are stored");

        const string Row = """
            select case_id || '|' || wetmill_name || '|' || cooperative_name || '|' || office_phone || '|' || manager_name || '|' || manager_phone || '|'
                || village || '|' || district || '|' || latitude || ',' || longitude || ',' || altitude || ',' || accuracy || '|'
                || to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || '|' || registered_by || '|' || (raw->'form'->>'fermentation_tanks') || '|' || revision
            from wetmills order by case_id
            """;
        Assert.Equal(
            [
                $"{CommCarePayloads.WetMillCaseId(1)}|Kigoma Washing Station 1|Abakundakawa|+250780000001|Jeanne Uwase|0780000001|Kigoma|Huye|-2.5961,29.7394,1702,4.5|2026-11-02 09:01|a1b2c3-field-officer|6|1",
                $"{CommCarePayloads.WetMillCaseId(2)}|Kigoma Washing Station 2|Abakundakawa|+250780000002|Jeanne Uwase|0780000002|Kigoma|Huye|-2.5961,29.7394,1702,4.5|2026-11-02 09:01|a1b2c3-field-officer|6|1",
            ],
            await QueryAsync(bridge, Row));

        // The wet mill is registered again (a new form on the same case) with a new manager: its row is updated, not duplicated.
        var later = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillRegistrationForm(1, "Eric Habimana", "a9b8c7d6-0000-4000-8000-999999999999", later));

        // An older registration forwarded late does not overwrite the newer one.
        await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, CommCarePayloads.WetMillRegistrationForm(1, "Old Manager", "a9b8c7d6-0000-4000-8000-888888888888", later.AddDays(-60)));
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Count(r => r.Status == RecordStatus.Delivered) == 4, "the re-registrations are delivered");
        Assert.Equal([$"{CommCarePayloads.WetMillCaseId(1)}|Eric Habimana|a9b8c7d6-0000-4000-8000-999999999999|2", $"{CommCarePayloads.WetMillCaseId(2)}|Jeanne Uwase|a9b8c7d6-0000-4000-8000-000000000002|1"],
            await QueryAsync(bridge, "select case_id || '|' || manager_name || '|' || form_id || '|' || revision from wetmills order by case_id"));
    }

    [SkippableFact]
    public async Task Unrouted_forms_and_bad_visits_fail_alone_with_a_precise_reason_while_the_rest_of_the_batch_lands()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("surveys");

        // The analytics database has a rule of its own: a plot's area is positive.
        var (settings, _) = SurveySinkSettings.Read(CommCareSurveyBridges.Settings());
        await ExecuteAsync(database, SurveyTables.Create(settings!) + """
            ;ALTER TABLE survey_question_responses ADD CONSTRAINT area_positive CHECK (question <> 'area_ha' OR value_number > 0)
            """);
        var bridge = await CommCareSurveyBridges.CreateAsync(host, start: false, database: database);
        using var client = host.CreateClient();

        var noCase = CommCarePayloads.WetMillVisitForm(10);
        ((JsonObject)noCase["form"]!).Remove("case");
        var nul = CommCarePayloads.WetMillVisitForm(11, notes: "Tank 3\u0000leaks");
        var negativeArea = CommCarePayloads.WetMillVisitForm(12);
        negativeArea["form"]!["plots"]![1]!["area_ha"] = "-0.5";
        var farmer = CommCarePayloads.FarmerRegistrationForm(1);
        JsonObject[] forms = [farmer, noCase, CommCarePayloads.WetMillVisitForm(13), nul, negativeArea, CommCarePayloads.WetMillRegistrationForm(3),
            CommCarePayloads.WetMillVisitForm(14, CommCarePayloads.WetMillCaseId(3)), CommCarePayloads.WetMillVisitForm(15)];
        foreach (var form in forms)
        {
            await CommCareSurveyBridges.ForwardAsync(client, bridge.Key, form);
        }

        await CommCareSurveyBridges.StartAsync(host, bridge.Owner, bridge.Id);
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).All(r => r.Status is RecordStatus.Delivered or RecordStatus.Failed), "every form is handled");

        var records = (await host.RecordsAsync(bridge.Id)).ToDictionary(r => r.NaturalId);
        Assert.Equal(8, records.Count);
        var farmerRecord = records[farmer["id"]!.GetValue<string>()];
        Assert.Equal((RecordStatus.Failed, 1, $"Unrouted: no mapping for form type '{CommCarePayloads.FarmerRegistration}'"), (farmerRecord.Status, farmerRecord.Attempts, farmerRecord.LastError));
        Assert.NotNull(farmerRecord.Payload);
        Assert.Equal(CommCarePayloads.FarmerRegistration, farmerRecord.Module);
        Assert.Equal(
            $"Wet-mill visit form '{CommCarePayloads.WetMillVisitId(10)}' names no wet mill: it has no case block (form.case.@case_id). Set 'Wet-mill case id answer' if the form carries the case id in a question.",
            records[CommCarePayloads.WetMillVisitId(10)].LastError);
        Assert.StartsWith($"Form '{CommCarePayloads.WetMillVisitId(11)}' has a NUL character (U+0000) at 'form/quality/notes'", records[CommCarePayloads.WetMillVisitId(11)].LastError);
        Assert.StartsWith(
            $"PostgreSQL refused form '{CommCarePayloads.WetMillVisitId(12)}': new row for relation \"survey_question_responses\" violates check constraint \"area_positive\" (23514)",
            records[CommCarePayloads.WetMillVisitId(12)].LastError);
        Assert.All(records.Values.Where(r => r.Status == RecordStatus.Failed), r => Assert.Equal(1, r.Attempts));
        Assert.Equal(4, records.Values.Count(r => r.Status == RecordStatus.Delivered));

        Assert.Equal([CommCarePayloads.WetMillVisitId(13), CommCarePayloads.WetMillVisitId(14), CommCarePayloads.WetMillVisitId(15)],
            await QueryAsync(bridge, "select form_id from form_visits order by form_id"));
        Assert.Equal(["3|57"], await QueryAsync(bridge, "select (select count(*) from survey_responses) || '|' || (select count(*) from survey_question_responses)"));
        Assert.Equal([CommCarePayloads.WetMillCaseId(3)], await QueryAsync(bridge, "select case_id from wetmills"));
        Assert.Equal([$"{CommCarePayloads.WetMillVisitId(14)}|{CommCarePayloads.WetMillCaseId(3)}"], await QueryAsync(bridge,
            "select v.form_id || '|' || w.case_id from form_visits v join wetmills w on w.case_id = v.wetmill_case_id"));
    }

    [SkippableFact]
    public async Task The_registration_and_visit_forms_are_required_settings()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var owner = await TestBridges.ActorAsync(host, BridgeRoles.Operator);
        await using var scope = host.Services.CreateAsyncScope();
        var (pgId, _) = await scope.ServiceProvider.GetRequiredService<ConnectionService>().SaveAsync(owner, null, new ConnectionDraft(
            PostgreSqlConnectionKind.Kind, "analytics", [], new() { [PostgreSqlConnectionKind.ConnectionString] = "Host=127.0.0.1;Port=9;Database=none" }), CancellationToken.None);
        var (bridge, _, errors) = await scope.ServiceProvider.GetRequiredService<BridgeService>().CreateAsync(owner, new BridgeDraft(
            "surveys", CommCareFormReceiver.SourceKind, null, [], PostgreSqlSurveySink.SinkKind, pgId,
            new() { [SurveySinkSettings.VisitFormsSetting] = CommCarePayloads.WetMillVisit }, null, 3), CancellationToken.None);

        Assert.Null(bridge);
        Assert.Equal("Wet-mill registration form is required.", errors[SurveySinkSettings.RegistrationFormsSetting]);
        Assert.False(errors.ContainsKey(SurveySinkSettings.VisitFormsSetting));
    }

    [SkippableFact]
    public async Task A_thousand_visits_are_written_in_batches_and_written_again_as_no_ops()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await CommCareSurveyBridges.CreateAsync(host, start: false);
        var visits = Enumerable.Range(1, 1000).Select(n => CommCarePayloads.WetMillVisitForm(n, CommCarePayloads.WetMillCaseId(n % 25), plots: 1 + (n % 3))).ToList();

        var first = await DeliverDirectlyAsync(host, bridge, visits);
        var again = await DeliverDirectlyAsync(host, bridge, visits);
        output.WriteLine($"1,000 visits in batches of 500: first write {first.TotalMilliseconds:F0} ms, identical re-delivery {again.TotalMilliseconds:F0} ms");

        Assert.Equal(["1000|1000|19000|1"], await QueryAsync(bridge,
            "select (select count(*) from form_visits) || '|' || (select count(*) from survey_responses) || '|' || (select count(*) from survey_question_responses) || '|' || (select max(revision) from form_visits)"));
        Assert.True(first < TimeSpan.FromSeconds(60), $"1,000 visits took {first}");
    }

    // The sink of the bridge called as the dispatcher does (batches of its own limit), for re-deliveries and timing.
    private static async Task<TimeSpan> DeliverDirectlyAsync(PortalHost host, CommCareSurveyBridge bridge, IReadOnlyList<JsonObject> forms)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var entity = await db.Bridges.AsNoTracking().Include(b => b.SinkConnection).SingleAsync(b => b.Id == bridge.Id);
        var context = new SinkContext(entity, scope.ServiceProvider.GetRequiredService<SecretProtector>().Open(entity.SinkConnection!));
        var sink = registry.Sink(PostgreSqlSurveySink.SinkKind);
        var records = forms.Select((f, i) => new OutboundRecord(i + 1, f["id"]!.GetValue<string>(), f.ToJsonString(), 1, 1)).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var chunk in records.Chunk(sink.GetLimits(context).MaxCount))
        {
            var outcomes = await sink.DeliverAsync(context, chunk, CancellationToken.None);
            Assert.All(outcomes, o => Assert.True(o.Outcome == AttemptOutcome.Delivered, o.Error));
        }

        return watch.Elapsed;
    }

    // One survey_question_responses row as QuestionRow renders it: path|type|number|boolean|date|timestamp|gps|text.
    private static string Row(string path, string type, string number = "", string boolean = "", string date = "", string timestamp = "", string gps = "", string text = "") =>
        string.Join('|', path, type, number, boolean, date, timestamp, gps, text);

    private static Task<List<string>> QueryAsync(CommCareSurveyBridge bridge, string sql) => WebhookBridges.QueryAsync<string>(bridge.SinkDatabase, sql);

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

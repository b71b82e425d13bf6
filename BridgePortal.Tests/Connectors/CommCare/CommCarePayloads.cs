using System.Globalization;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Connectors.CommCare;

/// <summary>
/// CommCare forms as the Form API lists them and the data forwarder posts them (CommCare HQ's JSON shape:
/// <c>{id, form:{"@name","@xmlns", answers…, case:{…}, meta:{instanceID,…}}, received_on, …}</c>).
/// </summary>
public static class CommCarePayloads
{
    public const string Domain = "coffee-programme";
    public const string FarmerRegistration = "http://openrosa.org/formdesigner/farmer-registration-v3";
    public const string AttendanceXmlns = "http://openrosa.org/formdesigner/training-attendance";
    public const string WetMillRegistration = "http://openrosa.org/formdesigner/wetmill-registration";
    public const string WetMillVisit = "http://openrosa.org/formdesigner/wetmill-visit";

    /// <summary>A form of type <paramref name="xmlns"/> with <paramref name="answers"/> (plus its meta block).</summary>
    public static JsonObject Form(string id, string xmlns, string name, JsonObject answers, DateTimeOffset? receivedOn = null, string userId = "a1b2c3-field-officer")
    {
        var received = (receivedOn ?? new DateTimeOffset(2026, 11, 2, 9, 15, 0, TimeSpan.Zero)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        var form = new JsonObject { ["@name"] = name, ["@xmlns"] = xmlns, ["#type"] = "data" };
        foreach (var (key, value) in answers)
        {
            form[key] = value?.DeepClone();
        }

        form["meta"] = new JsonObject
        {
            ["@xmlns"] = "http://openrosa.org/jr/xforms",
            ["instanceID"] = id,
            ["userID"] = userId,
            ["username"] = "field.officer",
            ["timeStart"] = "2026-11-02T08:55:12.041000Z",
            ["timeEnd"] = "2026-11-02T09:01:40.512000Z",
            ["appVersion"] = "CommCare Android, version \"2.53.1\"",
        };
        return new JsonObject
        {
            ["app_id"] = "6d1e0c0f7a8b4c5d9e0f1a2b3c4d5e6f",
            ["archived"] = false,
            ["build_id"] = "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d",
            ["domain"] = Domain,
            ["form"] = form,
            ["id"] = id,
            ["metadata"] = new JsonObject { ["instanceID"] = id, ["userID"] = userId },
            ["received_on"] = received,
            ["server_modified_on"] = received,
            ["resource_uri"] = "",
            ["type"] = "data",
            ["uiversion"] = "1",
            ["version"] = "1",
        };
    }

    /// <summary>Farmer registration number <paramref name="n"/>: a household and its farmer, with the household's case block.</summary>
    public static JsonObject FarmerRegistrationForm(int n, string? farmerName = null) =>
        Form($"f0a1b2c3-0000-4000-8000-{n:D12}", FarmerRegistration, "Farmer Registration", new JsonObject
        {
            ["household_id"] = $"HH-{n:D6}",
            ["household_village"] = "Kibirizi",
            ["household_size"] = "5",
            ["farmer_id"] = $"FR-{n:D6}",
            ["farmer_name"] = farmerName ?? $"Farmer {n}",
            ["farmer_gender"] = n % 2 == 0 ? "female" : "male",
            ["farmer_age"] = (25 + (n % 40)).ToString(CultureInfo.InvariantCulture),
            ["phone_number"] = $"+25078{n:D7}",
            ["case"] = new JsonObject
            {
                ["@case_id"] = $"c5e0{n:D8}-aaaa-4bbb-8ccc-000000000000",
                ["@date_modified"] = "2026-11-02T09:01:40.512000Z",
                ["@user_id"] = "a1b2c3-field-officer",
                ["@xmlns"] = "http://commcarehq.org/case/transaction/v2",
                ["create"] = new JsonObject { ["case_name"] = farmerName ?? $"Farmer {n}", ["case_type"] = "participant", ["owner_id"] = "a1b2c3-field-officer" },
                ["update"] = new JsonObject { ["household_id"] = $"HH-{n:D6}" },
            },
        });

    /// <summary>The case id of wet mill number <paramref name="n"/> (created by its registration form).</summary>
    public static string WetMillCaseId(int n) => $"3e7f{n:D8}-1111-4222-8333-000000000000";

    /// <summary>The id of visit form number <paramref name="n"/>.</summary>
    public static string WetMillVisitId(int n) => $"b1c2d3e4-0000-4000-9000-{n:D12}";

    /// <summary>
    /// The registration of wet mill <paramref name="n"/>: its details as top-level questions and the case block that
    /// creates the <c>wetmill</c> case. <paramref name="formId"/> differs for a re-registration of the same wet mill.
    /// </summary>
    public static JsonObject WetMillRegistrationForm(int n, string? managerName = null, string? formId = null, DateTimeOffset? receivedOn = null) =>
        Form(formId ?? $"a9b8c7d6-0000-4000-8000-{n:D12}", WetMillRegistration, "Wet Mill Registration", new JsonObject
        {
            ["wetmill_name"] = $"Kigoma Washing Station {n}",
            ["cooperative_name"] = "Abakundakawa",
            ["office_phone"] = $"+25078{n:D7}",
            ["manager_name"] = managerName ?? "Jeanne Uwase",
            ["manager_phone"] = $"078{n:D7}",
            ["village"] = "Kigoma",
            ["district"] = "Huye",
            ["gps"] = "-2.5961 29.7394 1702.0 4.5",
            ["year_established"] = "2004",
            ["fermentation_tanks"] = "6",
            ["has_water_treatment"] = "yes",
            ["case"] = new JsonObject
            {
                ["@case_id"] = WetMillCaseId(n),
                ["@date_modified"] = "2026-11-02T09:01:40.512000Z",
                ["@user_id"] = "a1b2c3-field-officer",
                ["@xmlns"] = "http://commcarehq.org/case/transaction/v2",
                ["create"] = new JsonObject { ["case_name"] = $"Kigoma Washing Station {n}", ["case_type"] = "wetmill", ["owner_id"] = "a1b2c3-field-officer" },
                ["update"] = new JsonObject { ["village"] = "Kigoma", ["manager_name"] = managerName ?? "Jeanne Uwase" },
            },
        }, receivedOn);

    /// <summary>
    /// Visit number <paramref name="n"/> to a wet mill (a follow-up form updating its case): a date, text, numbers,
    /// yes/no, a GPS point, a multi-select, a date-time, a group, a repeat group of <paramref name="plots"/> plots
    /// (CommCare sends one entry as an object, more as an array), a phone number and an unanswered question.
    /// </summary>
    public static JsonObject WetMillVisitForm(int n, string? wetMillCaseId = null, int plots = 2, string notes = "Channels clean, pulper serviced")
    {
        JsonObject Plot(int i) => new() { ["plot_id"] = $"P-{i}", ["area_ha"] = i == 1 ? "1.5" : "0.75", ["shade_trees"] = i % 2 == 0 ? "no" : "yes" };
        JsonNode? plotNode = plots == 1 ? Plot(1) : new JsonArray([.. Enumerable.Range(1, plots).Select(i => (JsonNode)Plot(i))]);
        return Form(WetMillVisitId(n), WetMillVisit, "Wet Mill Visit", new JsonObject
        {
            ["visit_date"] = "2026-11-02",
            ["visit_type"] = "routine",
            ["gps"] = "-2.5960 29.7391 1698.2 3.9",
            ["cherry_received_kg"] = "1250.5",
            ["cherry_price_rwf"] = "380",
            ["water_recycling"] = "yes",
            ["manager_present"] = "no",
            ["certifications"] = "rainforest fairtrade organic",
            ["next_visit"] = "2026-11-16T08:00:00.000+02:00",
            ["contact_phone"] = "0788123456",
            ["quality"] = new JsonObject { ["floaters_removed"] = "true", ["fermentation_hours"] = "36", ["notes"] = notes },
            ["plots"] = plotNode,
            ["photo_comment"] = "",
            ["case"] = new JsonObject
            {
                ["@case_id"] = wetMillCaseId ?? WetMillCaseId(1),
                ["@date_modified"] = "2026-11-02T09:01:40.512000Z",
                ["@user_id"] = "a1b2c3-field-officer",
                ["@xmlns"] = "http://commcarehq.org/case/transaction/v2",
                ["update"] = new JsonObject { ["last_visit_date"] = "2026-11-02" },
            },
        });
    }
}

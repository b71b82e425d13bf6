using System.Globalization;
using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Fakes;

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
}

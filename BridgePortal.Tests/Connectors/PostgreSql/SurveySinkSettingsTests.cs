using BridgePortal.Connectors.CommCare;
using BridgePortal.Tests.Connectors.CommCare;
using BridgePortal.Connectors.PostgreSql;

namespace BridgePortal.Tests.Connectors.PostgreSql;

public sealed class SurveySinkSettingsTests
{
    private static Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            [SurveySinkSettings.RegistrationFormsSetting] = CommCarePayloads.WetMillRegistration,
            [SurveySinkSettings.VisitFormsSetting] = "Wet Mill Visit\nhttp://openrosa.org/formdesigner/wetmill-visit-v2",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public void Forms_route_by_xmlns_or_by_name_and_anything_else_is_unrouted()
    {
        var (settings, error) = SurveySinkSettings.Read(Settings());
        Assert.Null(error);

        Assert.Equal(SurveyFormKind.WetMillRegistration, settings!.Route(CommCareForm.Parse(CommCarePayloads.WetMillRegistrationForm(1))));
        Assert.Equal(SurveyFormKind.WetMillVisit, settings.Route(CommCareForm.Parse(CommCarePayloads.WetMillVisitForm(1)))); // by name
        var v2 = CommCarePayloads.Form("v2", "http://openrosa.org/formdesigner/wetmill-visit-v2", "Visite", []);
        Assert.Equal(SurveyFormKind.WetMillVisit, settings.Route(CommCareForm.Parse(v2)));
        Assert.Null(settings.Route(CommCareForm.Parse(CommCarePayloads.FarmerRegistrationForm(1))));
        Assert.Equal("Unrouted: no mapping for form type 'http://x/y'", PostgreSqlSurveySink.Unrouted("http://x/y"));
    }

    [Fact]
    public void Defaults_are_the_public_schema_no_table_creation_and_meta_case_attributes_ignored()
    {
        var settings = SurveySinkSettings.Read(Settings()).Settings!;

        Assert.Equal(("public", false, "\"public\".\"wetmills\""), (settings.Schema, settings.CreateTables, settings.Table("wetmills")));
        Assert.Equal(["meta", "case", "@*", "#type"], settings.Answers.Ignored);
        Assert.Null(settings.VisitCaseAnswer);
        Assert.Equal("manager_name", settings.WetMillAnswers["manager_name"]);
    }

    [Theory]
    [InlineData(SurveySinkSettings.RegistrationFormsSetting, "", "set 'Wet-mill registration form' and 'Wet-mill visit form'")]
    [InlineData(SurveySinkSettings.VisitFormsSetting, " ", "set 'Wet-mill registration form' and 'Wet-mill visit form'")]
    [InlineData(SurveySinkSettings.VisitFormsSetting, CommCarePayloads.WetMillRegistration, "is set as both the wet-mill registration and the visit form")]
    [InlineData(SurveySinkSettings.SchemaSetting, "analytics; drop table x", "'analytics; drop table x' is not a valid schema name")]
    [InlineData(SurveySinkSettings.WetMillAnswersSetting, "owner: details/owner", "'owner' is not a wetmills column filled from answers")]
    public void Unusable_settings_are_named(string key, string value, string message)
    {
        var (settings, error) = SurveySinkSettings.Read(Settings((key, value)));

        Assert.Null(settings);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Wet_mill_columns_read_overridden_paths_then_the_case_block()
    {
        var settings = SurveySinkSettings.Read(Settings((SurveySinkSettings.WetMillAnswersSetting, "manager_name: manager/full_name\nvillage: location/village"))).Settings!;
        var form = CommCarePayloads.WetMillRegistrationForm(4);
        form["form"]!["manager"] = new System.Text.Json.Nodes.JsonObject { ["full_name"] = "Alice Mukamana" };

        var row = SurveyRows.WetMill(CommCareForm.Parse(form), settings);

        Assert.Equal(CommCarePayloads.WetMillCaseId(4), row.CaseId);
        Assert.Equal("Alice Mukamana", row.Columns["manager_name"]);
        Assert.Equal("Kigoma", row.Columns["village"]); // no location/village answer: the case block's update/village
        Assert.Equal(new GpsPoint(-2.5961, 29.7394, 1702.0, 4.5), row.Gps);
    }

    [Fact]
    public void A_visit_names_its_wet_mill_by_a_configured_answer_before_its_case_block()
    {
        var settings = SurveySinkSettings.Read(Settings((SurveySinkSettings.VisitCaseAnswerSetting, "wetmill/case_id"))).Settings!;
        var form = CommCarePayloads.WetMillVisitForm(1, CommCarePayloads.WetMillCaseId(1));
        form["form"]!["wetmill"] = new System.Text.Json.Nodes.JsonObject { ["case_id"] = CommCarePayloads.WetMillCaseId(9) };

        Assert.Equal(CommCarePayloads.WetMillCaseId(9), SurveyRows.Visit(CommCareForm.Parse(form), settings).WetMillCaseId);
        ((System.Text.Json.Nodes.JsonObject)form["form"]!).Remove("wetmill");
        Assert.Equal(CommCarePayloads.WetMillCaseId(1), SurveyRows.Visit(CommCareForm.Parse(form), settings).WetMillCaseId);
        ((System.Text.Json.Nodes.JsonObject)form["form"]!).Remove("case");
        var error = Assert.Throws<FormatException>(() => SurveyRows.Visit(CommCareForm.Parse(form), settings));
        Assert.Contains("no case block (form.case.@case_id) and no answer at 'wetmill/case_id'", error.Message);
    }

    [Fact]
    public void A_registration_without_a_case_block_is_refused_precisely()
    {
        var form = CommCarePayloads.WetMillRegistrationForm(5);
        ((System.Text.Json.Nodes.JsonObject)form["form"]!).Remove("case");

        var error = Assert.Throws<FormatException>(() => SurveyRows.WetMill(CommCareForm.Parse(form), SurveySinkSettings.Read(Settings()).Settings!));

        Assert.Contains("has no case block (form.case.@case_id)", error.Message);
    }
}

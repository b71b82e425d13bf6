using System.Text.Json.Nodes;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Tests.Connectors.CommCare;

namespace BridgePortal.Tests.Connectors.Salesforce;

public sealed class SalesforceMapperTests
{
    private static readonly SalesforceMapping Farmer = SalesforceMapping.Parse(SalesforceMappingsFixture.FarmerRegistration);

    [Fact]
    public void A_farmer_registration_becomes_a_household_then_a_participant_that_references_it_by_external_id()
    {
        var mapped = SalesforceMapper.Map(Farmer, CommCarePayloads.FarmerRegistrationForm(7).ToJsonString());

        Assert.Equal(CommCarePayloads.FarmerRegistration, mapped.FormType);
        Assert.Equal(["household", "participant"], mapped.Steps!.Select(s => s.Name));
        var household = mapped.Steps![0];
        Assert.Equal(("Household__c", "Household_Ext_Id__c", "HH-000007"), (household.Object, household.ExternalIdField, household.ExternalId));
        Assert.Equal(
            """{"attributes":{"type":"Household__c"},"Household_Ext_Id__c":"HH-000007","Village__c":"Kibirizi","Size__c":"5"}""",
            household.Record.ToJsonString());
        var participant = mapped.Steps![1].Record;
        Assert.Equal("FR-000007", participant["Participant_Ext_Id__c"]!.GetValue<string>());
        Assert.Equal("Farmer 7", participant["Name"]!.GetValue<string>());
        Assert.Equal("CommCare", participant["Source__c"]!.GetValue<string>());
        Assert.Equal("f0a1b2c3-0000-4000-8000-000000000007", participant["CommCare_Form_Id__c"]!.GetValue<string>());
        Assert.Equal("Farmer 7 of household HH-000007", participant["Description__c"]!.GetValue<string>());
        Assert.Equal("""{"Household_Ext_Id__c":"HH-000007"}""", participant["Household__r"]!.ToJsonString());
        Assert.Equal(["household"], mapped.Steps![1].DependsOn);
    }

    [Fact]
    public void Steps_run_after_the_steps_they_depend_on_whatever_order_they_are_written_in()
    {
        var mapping = SalesforceMapping.Parse("""
            {"T": [
              {"name": "c", "object": "C__c", "externalIdField": "K__c", "fields": {"K__c": "form.c"}, "references": {"B__r": {"fromStep": "b"}}},
              {"name": "b", "object": "B__c", "externalIdField": "K__c", "fields": {"K__c": "form.b"}, "dependsOn": ["a"]},
              {"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "form.a"}},
              {"name": "d", "object": "D__c", "externalIdField": "K__c", "fields": {"K__c": "=fixed"}}
            ]}
            """);

        Assert.Equal(["a", "b", "c", "d"], mapping.Steps("T")!.Select(s => s.Name));
        Assert.Equal(["b"], mapping.Steps("T")![2].DependsOn);
    }

    [Fact]
    public void A_missing_required_value_names_the_step_the_field_and_the_path()
    {
        var form = CommCarePayloads.FarmerRegistrationForm(1);
        ((JsonObject)form["form"]!).Remove("farmer_name");

        var e = Assert.Throws<SalesforceMappingException>(() => SalesforceMapper.Map(Farmer, form.ToJsonString()));
        Assert.Equal("Step 'participant' (Participant__c), field Name: the form has no value at 'form.farmer_name'.", e.Message);
    }

    [Fact]
    public void An_optional_path_without_value_leaves_the_field_out_and_an_empty_external_id_is_refused()
    {
        var form = CommCarePayloads.FarmerRegistrationForm(2);
        ((JsonObject)form["form"]!).Remove("phone_number");
        var mapped = SalesforceMapper.Map(Farmer, form.ToJsonString());
        Assert.False(mapped.Steps![1].Record.ContainsKey("Phone__c"));

        form["form"]!["household_id"] = " ";
        var e = Assert.Throws<SalesforceMappingException>(() => SalesforceMapper.Map(Farmer, form.ToJsonString()));
        Assert.Contains("Step 'household' (Household__c): the external id Household_Ext_Id__c is empty", e.Message);
    }

    [Fact]
    public void A_form_routes_by_xmlns_then_by_form_name_and_an_unmapped_type_is_unrouted()
    {
        var byName = SalesforceMapping.Parse("""{"Training Attendance": [{"name": "a", "object": "Attendance__c", "externalIdField": "Ext__c", "fields": {"Ext__c": "id"}}]}""");
        var attendance = CommCarePayloads.Form("att-1", CommCarePayloads.AttendanceXmlns, "Training Attendance", new JsonObject { ["session"] = "S1" });

        var routed = SalesforceMapper.Map(byName, attendance.ToJsonString());
        Assert.Equal("Training Attendance", routed.FormType);
        Assert.Equal("att-1", routed.Steps!.Single().ExternalId);

        var unrouted = SalesforceMapper.Map(Farmer, attendance.ToJsonString());
        Assert.False(unrouted.Routed);
        Assert.Equal(CommCarePayloads.AttendanceXmlns, unrouted.FormType);
        Assert.Equal($"Unrouted: no mapping for form type '{CommCarePayloads.AttendanceXmlns}'", SalesforceMapper.UnroutedMessage(unrouted.FormType));
    }

    [Fact]
    public void A_reference_may_name_a_parent_by_its_external_id_from_the_form_and_constants_keep_their_json_type()
    {
        var mapping = SalesforceMapping.Parse("""
            {"T": [{"name": "visit", "object": "Visit__c", "externalIdField": "Ext__c",
                    "fields": {"Ext__c": "id", "Paid__c": true, "Score__c": 4.5, "Note__c": null},
                    "references": {"Mill__r": {"object": "Mill__c", "externalIdField": "Mill_Code__c", "value": "form.mill"},
                                   "Agent__r": {"externalIdField": "Agent_Code__c", "value": "form.agent?"}}}]}
            """);
        var form = CommCarePayloads.Form("v-1", "T", "Visit", new JsonObject { ["mill"] = "M-9" });

        var record = SalesforceMapper.Map(mapping, form.ToJsonString()).Steps!.Single().Record;
        Assert.Equal("""{"attributes":{"type":"Mill__c"},"Mill_Code__c":"M-9"}""", record["Mill__r"]!.ToJsonString());
        Assert.False(record.ContainsKey("Agent__r"));
        Assert.Equal("true", record["Paid__c"]!.ToJsonString());
        Assert.Equal("4.5", record["Score__c"]!.ToJsonString());
        Assert.True(record.ContainsKey("Note__c"));
        Assert.Null(record["Note__c"]);
    }

    [Theory]
    [InlineData("{ not json", "The mapping is not valid JSON")]
    [InlineData("[]", "The mapping is a JSON object of form type")]
    [InlineData("""{"T": []}""", "Form type 'T': the value is a non-empty list of steps.")]
    [InlineData("""{"T": [{"object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}}]}""", "Form type 'T', step 1: 'name' is required")]
    [InlineData("""{"T": [{"name": "a", "object": "A c", "externalIdField": "K__c", "fields": {"K__c": "id"}}]}""", "Form type 'T', step 'a': object 'A c' is not a Salesforce API name")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "fields": {"K__c": "id"}}]}""", "Form type 'T', step 'a': 'externalIdField' is required")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"Name": "id"}}]}""", "'fields' must give the external id field K__c")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}, "dependsOn": ["hh"]}]}""", "step 'a': it depends on 'hh', which is no step of this form type.")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}, "dependsOn": ["b"]}, {"name": "b", "object": "B__c", "externalIdField": "K__c", "fields": {"K__c": "id"}, "dependsOn": ["a"]}]}""", "the steps 'a', 'b' depend on each other in a cycle")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}}, {"name": "a", "object": "B__c", "externalIdField": "K__c", "fields": {"K__c": "id"}}]}""", "two steps are named 'a'")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}, "references": {"P__r": {"value": "form.p"}}}]}""", "reference P__r: 'externalIdField' is required")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "id"}, "extra": 1}]}""", "unknown key 'extra'")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "{form.x"}}]}""", "field K__c: template '{form.x' has a '{' without its '}'")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": "form. x"}}]}""", "field K__c: 'form. x' is not a path")]
    [InlineData("""{"T": [{"name": "a", "object": "A__c", "externalIdField": "K__c", "fields": {"K__c": {"path": "id"}}}]}""", "field K__c: a field's value is a path string")]
    public void A_bad_mapping_is_refused_with_where_and_why(string json, string expected)
    {
        var error = SalesforceMapping.Validate(json);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void An_empty_mapping_is_valid_and_routes_nothing_and_a_payload_that_is_no_form_is_refused()
    {
        Assert.Null(SalesforceMapping.Validate(""));
        Assert.False(SalesforceMapper.Map(SalesforceMapping.Parse(null), CommCarePayloads.FarmerRegistrationForm(1).ToJsonString()).Routed);
        var e = Assert.Throws<FormatException>(() => SalesforceMapper.Map(Farmer, """{"id": "x"}"""));
        Assert.Contains("has a 'form' object", e.Message);
    }

    [Fact]
    public void The_preview_shows_the_records_per_step_or_the_precise_error()
    {
        var preview = SalesforceMappings.Preview(SalesforceMappingsFixture.FarmerRegistration, CommCarePayloads.FarmerRegistrationForm(3).ToJsonString());
        Assert.Null(preview.Error);
        Assert.Equal(["Household__c", "Participant__c"], preview.Steps.Select(s => s.Object));

        Assert.Contains("not valid JSON", SalesforceMappings.Preview("{", "{}").Error);
        Assert.Contains("Paste a sample form", SalesforceMappings.Preview(SalesforceMappingsFixture.FarmerRegistration, " ").Error);
        var unrouted = SalesforceMappings.Preview(SalesforceMappingsFixture.FarmerRegistration,
            CommCarePayloads.Form("a", CommCarePayloads.WetMillVisit, "Wet mill visit", []).ToJsonString());
        Assert.StartsWith("Unrouted: no mapping for form type 'http://openrosa.org/formdesigner/wetmill-visit'", unrouted.Error);
    }
}

using BridgePortal.Connectors.CommCare.Cases;
using BridgePortal.Tests.Connectors.Salesforce;

namespace BridgePortal.Tests.Connectors.CommCare;

public sealed class CaseMappingsTests
{
    [Fact]
    public void The_documented_mappings_parse_and_rank_referenced_case_types_before_the_types_that_reference_them()
    {
        var (mappings, errors) = CaseMappings.Parse(SalesforcePayloads.Mappings);

        Assert.Empty(errors);
        Assert.Equal(5, mappings!.All.Count);
        Assert.Equal(0, mappings.RankOf("Project_Role__c"));
        Assert.Equal(1, mappings.RankOf("Training_Group__c"));
        Assert.Equal(2, mappings.RankOf("Training_Session__c"));
        Assert.Equal(2, mappings.RankOf("Participant__c"));
        Assert.Equal(2, mappings.RankOf("Household_Sampling__c"));
        Assert.Equal("participant", mappings.For("participant__c")!.CaseType);
        Assert.Null(mappings.For("Account"));
    }

    [Fact]
    public void The_example_in_the_docs_is_the_tested_mapping()
    {
        var doc = File.ReadAllText(Infrastructure.RepositoryRoot.File("docs", "salesforce-to-commcare.md"));
        var start = doc.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var json = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];

        Assert.Equal(
            System.Text.Json.Nodes.JsonNode.Parse(SalesforcePayloads.Mappings)!.ToJsonString(),
            System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString());
    }

    [Theory]
    [InlineData("", "Case mappings are required")]
    [InlineData("{\"Participant__c\": ", "Case mappings are not valid JSON")]
    [InlineData("[]", "must be a JSON object with at least one Salesforce object type")]
    [InlineData("{\"Participant c\": {}}", "'Participant c' is not a Salesforce object API name")]
    [InlineData("{\"Participant__c\": 3}", "Participant__c: must be an object")]
    [InlineData("{\"Participant__c\": {\"caseName\": \"Name\", \"ownerId\": \"o\"}}", "Participant__c: \"caseType\" is required")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"a b\", \"caseName\": \"Name\", \"ownerId\": \"o\"}}", "Participant__c.caseType: 'a b' is not a CommCare case type")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"p\", \"ownerId\": \"o\"}}", "Participant__c: \"caseName\" is required")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"p\", \"caseName\": \"Name\"}}", "Participant__c: set \"ownerId\"")]
    [InlineData("{\"Participant__c\": {\"caseTyp\": \"p\", \"caseType\": \"p\", \"caseName\": \"Name\", \"ownerId\": \"o\"}}", "Participant__c: unknown key 'caseTyp'")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"p\", \"caseName\": \"Name\", \"ownerId\": \"o\", \"properties\": {\"first name\": \"F__c\"}}}", "'first name' is not a case property name")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"p\", \"caseName\": \"Name\", \"ownerId\": \"o\", \"properties\": {\"owner_id\": \"F__c\"}}}", "'owner_id' is set by the sink itself")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"p\", \"caseName\": \"Name\", \"ownerId\": \"o\", \"properties\": {\"age\": 3}}}", "Participant__c.properties.age: must be a field path string")]
    [InlineData("{\"Participant__c\": {\"caseType\": \"p\", \"caseName\": \"Name..x\", \"ownerId\": \"o\"}}", "Participant__c.caseName: 'Name..x' is not a field path")]
    [InlineData("{\"Training_Session__c\": {\"caseType\": \"s\", \"caseName\": \"Name\", \"ownerId\": \"o\", \"indices\": {\"parent\": {\"field\": \"G__c\"}}}}", "Training_Session__c.indices.parent: \"caseType\" is required")]
    [InlineData("{\"Training_Session__c\": {\"caseType\": \"s\", \"caseName\": \"Name\", \"ownerId\": \"o\", \"indices\": {\"parent\": {\"caseType\": \"g\"}}}}", "Training_Session__c.indices.parent: set exactly one of \"field\"")]
    [InlineData("{\"Training_Session__c\": {\"caseType\": \"s\", \"caseName\": \"Name\", \"ownerId\": \"o\", \"indices\": {\"parent\": {\"caseType\": \"g\", \"field\": \"G__c\", \"relationship\": \"sibling\"}}}}", "Training_Session__c.indices.parent.relationship: must be \"child\" (the default) or \"extension\", not 'sibling'")]
    public void A_bad_mapping_is_refused_with_the_path_and_the_reason(string json, string expected)
    {
        var (mappings, errors) = CaseMappings.Parse(json);

        Assert.Null(mappings);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = CaseMappings.Parse("""
            {
              "Participant__c": {"caseName": "Name", "ownerId": "o"},
              "Training_Group__c": {"caseType": "g", "ownerId": "o"}
            }
            """);

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void The_sink_reports_mapping_and_parallelism_errors_under_their_setting_names()
    {
        var sink = new CommCareCaseSink(null!, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CommCareCaseSink>.Instance);

        var errors = sink.ValidateSettings(new Dictionary<string, string>
        {
            [CaseSinkSettings.CaseMappings] = "{\"Participant__c\": {}}",
            [CaseSinkSettings.ParallelSubmissions] = "17",
        });

        Assert.Contains("Participant__c: \"caseType\" is required", errors[CaseSinkSettings.CaseMappings]);
        Assert.Contains("1 to 16", errors[CaseSinkSettings.ParallelSubmissions]);
        Assert.Empty(sink.ValidateSettings(new Dictionary<string, string> { [CaseSinkSettings.CaseMappings] = SalesforcePayloads.Mappings }));
    }
}

using System.Text.Json.Nodes;
using BridgePortal.Connectors.Kobo;

namespace BridgePortal.Tests.Connectors.Kobo;

public sealed class KoboSubmissionTests
{
    [Fact]
    public void The_same_submission_with_its_keys_in_another_order_is_the_same_record()
    {
        var polled = KoboSubmission.ToRecord(JsonNode.Parse("""{"_id": 5, "_uuid": "u-5", "group/q": [1, {"b": 2, "a": 1}], "name": "Amina"}""")!.AsObject());
        var pushed = KoboSubmission.ToRecord(JsonNode.Parse("""{ "name":"Amina", "group/q":[1,{"a":1,"b":2}], "_uuid":"u-5", "_id":5 }""")!.AsObject());

        Assert.Equal(polled, pushed);
        Assert.Equal("5", polled.NaturalId);
        Assert.Equal("""{"_id":5,"_uuid":"u-5","group/q":[1,{"a":1,"b":2}],"name":"Amina"}""", polled.Payload);
    }

    [Fact]
    public void An_edit_with_a_new_uuid_and_instance_id_keeps_the_natural_id_and_changes_the_content()
    {
        // Shaped as kpi stores an edit: same _id, _submission_time and meta/rootUuid; _uuid = the new meta/instanceID.
        var original = KoboSubmission.ToRecord(JsonNode.Parse("""
            {"_id": 981, "_uuid": "0c3f5c0e-6a44-4a8e-9d3b-1f2a6b7c8d90", "_submission_time": "2026-11-30T08:15:02",
             "meta/instanceID": "uuid:0c3f5c0e-6a44-4a8e-9d3b-1f2a6b7c8d90", "meta/rootUuid": "uuid:0c3f5c0e-6a44-4a8e-9d3b-1f2a6b7c8d90",
             "household": "h2"}
            """)!.AsObject());
        var edit = KoboSubmission.ToRecord(JsonNode.Parse("""
            {"_id": 981, "_uuid": "7b1e2d3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "_submission_time": "2026-11-30T08:15:02",
             "meta/instanceID": "uuid:7b1e2d3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "meta/deprecatedID": "uuid:0c3f5c0e-6a44-4a8e-9d3b-1f2a6b7c8d90",
             "meta/rootUuid": "uuid:0c3f5c0e-6a44-4a8e-9d3b-1f2a6b7c8d90", "household": "h2-corrected"}
            """)!.AsObject());

        Assert.Equal("981", original.NaturalId);
        Assert.Equal(original.NaturalId, edit.NaturalId);
        Assert.NotEqual(original.Payload, edit.Payload);
    }

    [Fact]
    public void The_id_is_the_natural_id_as_a_number_or_a_string_and_non_latin_answers_stay_readable()
    {
        var record = KoboSubmission.ToRecord(JsonNode.Parse("""{"_id": 42, "village": "ቀበሌ", "note": "<b>"}""")!.AsObject());

        Assert.Equal("42", record.NaturalId);
        Assert.Equal("42", KoboSubmission.ToRecord(JsonNode.Parse("""{"_id": "42"}""")!.AsObject()).NaturalId);
        Assert.Contains("ቀበሌ", record.Payload, StringComparison.Ordinal);
        Assert.Equal("ቀበሌ", JsonNode.Parse(record.Payload)!["village"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"q": 1}""")]
    [InlineData("""{"_uuid": "u-5", "meta/rootUuid": "uuid:u-5"}""")]
    [InlineData("""{"_id": 0}""")]
    [InlineData("""{"_id": -3}""")]
    [InlineData("""{"_id": 4.5}""")]
    [InlineData("""{"_id": "abc"}""")]
    [InlineData("""{"_id": null}""")]
    public void A_submission_without_a_positive_integer_id_is_refused_naming_id(string json) =>
        Assert.Contains("_id", Assert.Throws<FormatException>(() => KoboSubmission.ToRecord(JsonNode.Parse(json)!.AsObject())).Message);
}

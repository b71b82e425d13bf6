using System.Text.Json.Nodes;
using BridgePortal.Connectors.Kobo;

namespace BridgePortal.Tests.Unit.Connectors;

public sealed class KoboSubmissionTests
{
    [Fact]
    public void The_same_submission_with_its_keys_in_another_order_is_the_same_record()
    {
        var polled = KoboSubmission.ToRecord(JsonNode.Parse("""{"_id": 5, "_uuid": "u-5", "group/q": [1, {"b": 2, "a": 1}], "name": "Amina"}""")!.AsObject());
        var pushed = KoboSubmission.ToRecord(JsonNode.Parse("""{ "name":"Amina", "group/q":[1,{"a":1,"b":2}], "_uuid":"u-5", "_id":5 }""")!.AsObject());

        Assert.Equal(polled, pushed);
        Assert.Equal("u-5", polled.NaturalId);
        Assert.Equal("""{"_id":5,"_uuid":"u-5","group/q":[1,{"a":1,"b":2}],"name":"Amina"}""", polled.Payload);
    }

    [Fact]
    public void Without_a_uuid_the_id_is_the_natural_id_and_non_latin_answers_stay_readable()
    {
        var record = KoboSubmission.ToRecord(JsonNode.Parse("""{"_id": 42, "village": "ቀበሌ", "note": "<b>"}""")!.AsObject());

        Assert.Equal("42", record.NaturalId);
        Assert.Contains("ቀበሌ", record.Payload, StringComparison.Ordinal);
        Assert.Equal("ቀበሌ", JsonNode.Parse(record.Payload)!["village"]!.GetValue<string>());
    }

    [Fact]
    public void A_submission_without_uuid_or_id_is_refused() =>
        Assert.Throws<FormatException>(() => KoboSubmission.ToRecord(JsonNode.Parse("""{"q": 1}""")!.AsObject()));
}

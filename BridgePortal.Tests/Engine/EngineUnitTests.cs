using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Http;
using BridgePortal.Connectors.Ingest;
using BridgePortal.Engine;
using BridgePortal.Identity;

namespace BridgePortal.Tests.Engine;

public sealed class EngineUnitTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 60)]
    [InlineData(3, 600)]
    [InlineData(4, 6000)]
    [InlineData(9, 86400)]
    public void Backoff_grows_from_ten_seconds_to_a_minute_to_ten_minutes_and_is_capped_at_a_day(int retry, double seconds) =>
        Assert.Equal(seconds, RetryPolicy.BaseDelay(retry).TotalSeconds);

    [Fact]
    public void Jitter_keeps_each_delay_within_twenty_percent()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200).Select(_ => RetryPolicy.Delay(2, random).TotalSeconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 48, 72));
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void A_mapping_picks_fields_by_dotted_path_and_leaves_missing_ones_null()
    {
        var mapping = FieldMapping.Parse("""{"id":"data.id","who":"session_id","none":"data.nope"}""");
        var output = JsonNode.Parse(mapping.Apply("""{"data":{"id":7},"session_id":"s"}"""))!;
        Assert.Equal(7, output["id"]!.GetValue<int>());
        Assert.Equal("s", output["who"]!.GetValue<string>());
        Assert.Null(output["none"]);
        Assert.Equal("""{"x":1}""", FieldMapping.Parse(null).Apply("""{"x":1}"""));
        Assert.NotNull(FieldMapping.Validate("[1,2]"));
        Assert.Null(FieldMapping.Validate("""{"a":"b"}"""));
    }

    [Fact]
    public void The_idempotency_key_names_a_single_record_and_numbers_the_items_of_an_array()
    {
        Assert.Equal("k", IngestSource.Split(JsonNode.Parse("""{"a":1}""")!, "k", null).Single().NaturalId);
        Assert.Equal(["k:0", "k:1"], IngestSource.Split(JsonNode.Parse("""[{"a":1},{"a":2}]""")!, "k", "a").Select(r => r.NaturalId));
        Assert.Equal("12", IngestSource.Split(JsonNode.Parse("""{"data":{"id":12}}""")!, null, "data.id").Single().NaturalId);
        Assert.Equal(32, IngestSource.Split(JsonNode.Parse("""{"a":1}""")!, null, null).Single().NaturalId.Length);
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_exact_body()
    {
        // Known answer: HMAC-SHA256(key "key", "The quick brown fox jumps over the lazy dog").
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            HttpForwardSink.Signature("key", Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public void Ingest_tokens_are_random_hashed_and_compared_exactly()
    {
        var token = BridgeTokens.NewToken();
        Assert.StartsWith("bp_", token);
        Assert.NotEqual(token, BridgeTokens.NewToken());
        var hash = BridgeTokens.Hash(token);
        Assert.True(BridgeTokens.Matches(token, hash));
        Assert.False(BridgeTokens.Matches(token + "x", hash));
        Assert.False(BridgeTokens.Matches(null, hash));
    }
}

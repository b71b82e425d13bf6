using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BridgePortal.Data.Model;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.StandardWebhooks;
using BridgePortal.Connectors.PostgreSql;

namespace BridgePortal.Tests.Connectors.StandardWebhooks;

/// <summary>
/// The test vectors of the official Standard Webhooks libraries (standard-webhooks/standard-webhooks, libraries/*/tests:
/// C#, Go, JavaScript, Python, PHP, Rust) run against the receiver: same message id, payload, secrets and signatures.
/// </summary>
public sealed class StandardWebhookReceiverTests
{
    private const string MsgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Payload = """{"test": 2432232314}""";
    private const string Secret = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const long Now = 1614265330;

    private static readonly Bridge Bridge = new()
    {
        OwnerId = "owner",
        Name = "standard",
        Key = "key",
        IngestTokenHash = "hash",
        SourceKind = StandardWebhookReceiver.SourceKindName,
        SinkKind = PostgreSqlDocumentSink.SinkKind,
    };

    private readonly StandardWebhookReceiver receiver = new(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now)));

    [Fact]
    public void The_sign_vector_of_every_library_gives_the_same_signature_and_is_accepted() // "sign function works"
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhookReceiver.Sign("whsec_" + Secret, MsgId, Now, Encoding.UTF8.GetBytes(Payload)));
        Accepted(Receive("whsec_" + Secret, Headers(signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")));
    }

    [Theory]
    [InlineData(Secret)] // "verification works without prefix"
    [InlineData("whsec_" + Secret)] // … and with it
    [InlineData("  whsec_" + Secret + "\n")] // pasted with surrounding whitespace
    public void A_valid_signature_is_accepted_with_or_without_the_prefix(string secret) => Accepted(Receive(secret, Headers()));

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")] // Python: needs no padding
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=")] // needs one
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr==")] // needs two
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr==")] // with prefix
    public void An_unpadded_secret_is_accepted_as_the_python_library_accepts_it(string secret, string paddedSenderSecret) =>
        Accepted(Receive(secret, Headers(signature: "v1," + Signature(Convert.FromBase64String(paddedSenderSecret), MsgId, Now))));

    [Fact]
    public void A_valid_signature_among_other_versions_and_wrong_v1_entries_is_accepted() // "multi sig payload is valid"
    {
        var signatures = string.Join(' ', "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            "v1," + Signature(Convert.FromBase64String(Secret), MsgId, Now), "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
        Accepted(Receive(Secret, Headers(signature: signatures)));
    }

    [Fact]
    public void An_asymmetric_v1a_entry_is_skipped_and_alone_it_proves_nothing()
    {
        // The specification's example of an asymmetric signature, next to a symmetric one.
        const string v1a = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
        Accepted(Receive(Secret, Headers(signature: v1a + " v1," + Signature(Convert.FromBase64String(Secret), MsgId, Now))));
        Assert.Contains("no v1 signature", Refused(Receive(Secret, Headers(signature: v1a))));
    }

    [Theory]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", "does not match")] // Python "invalid signature"
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd", "does not match")] // C#
    [InlineData("v1,dawfeoifkpqwoekfpqoekf", "does not match")] // JavaScript, PHP
    [InlineData("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "does not match")] // Go
    [InlineData("v1,", "does not match")] // "partial signature": the version alone
    [InlineData("v1,g0hM9", "does not match")] // … and the first 8 characters
    [InlineData("v1", "no v1 signature")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "no v1 signature")]
    public void A_wrong_or_partial_signature_is_refused(string signature, string reason) =>
        Assert.Contains(reason, Refused(Receive(Secret, Headers(signature: signature))));

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void A_missing_header_is_refused(string header)
    {
        var headers = Headers();
        headers.Remove(header);
        Assert.Contains("headers are required", Refused(Receive(Secret, headers)));
    }

    [Theory]
    [InlineData(-301, "tolerance")] // "old timestamp fails"
    [InlineData(301, "tolerance")] // "new timestamp fails"
    public void A_timestamp_more_than_five_minutes_off_is_refused(long offset, string reason) =>
        Assert.Contains(reason, Refused(Receive(Secret, Headers(timestamp: Now + offset))));

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Five_minutes_off_exactly_is_still_accepted_as_the_javascript_and_python_libraries_do(long offset) =>
        Accepted(Receive(Secret, Headers(timestamp: Now + offset)));

    [Theory]
    [InlineData("hello")] // "invalid timestamp"
    [InlineData("1614265330.0")] // PHP "invalid float timestamp"
    [InlineData("-161426533")] // PHP "invalid negative timestamp"
    [InlineData("+1614265330")]
    [InlineData(" 1614265330")]
    public void A_timestamp_that_is_not_whole_unix_seconds_is_refused(string timestamp)
    {
        var headers = Headers();
        headers["webhook-timestamp"] = timestamp;
        headers["webhook-signature"] = "v1," + SignatureOver(Convert.FromBase64String(Secret), $"{MsgId}.{timestamp}.{Payload}");
        Assert.Contains("not Unix seconds", Refused(Receive(Secret, headers)));
    }

    [Fact]
    public void A_stored_secret_that_decodes_to_zero_bytes_refuses_a_message_signed_with_an_empty_key() // "empty key raises error"
    {
        var emptyKeySignature = "v1," + Signature([], MsgId, Now);
        foreach (var secret in new[] { "whsec_", "whsec_==", "  " })
        {
            var reason = Refused(Receive(secret, Headers(signature: emptyKeySignature)));
            Assert.True(reason.Contains("zero bytes", StringComparison.Ordinal) || reason.Contains("no webhook secret", StringComparison.Ordinal), reason);
        }
    }

    [Theory]
    [InlineData("It's a Secret to Everybody")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwB")] // a length no base64 text has
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw===")]
    [InlineData("whsec_MfKQ9r8G-KYqrTwjUPD8ILPZIo2La_aSw")] // base64url is not what the libraries decode
    public void A_stored_secret_that_is_not_base64_refuses_even_a_signature_over_its_text(string secret)
    {
        var reason = Refused(Receive(secret, Headers(signature: "v1," + Signature(Encoding.UTF8.GetBytes(secret), MsgId, Now))));
        Assert.Contains("not base64", reason);
        Assert.DoesNotContain(secret.Trim(), reason);
    }

    [Theory]
    [InlineData("whsec_", "zero bytes")]
    [InlineData("It's a Secret to Everybody", "not base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", null)]
    public void The_secret_check_on_save_names_the_problem(string secret, string? problem)
    {
        var field = StandardWebhookReceiver.Source.SettingsFields.Single(f => f.Name == WebhookRequests.SecretSetting);
        var error = field.Validate!(secret);
        Assert.True(problem is null ? error is null : error?.Contains(problem, StringComparison.Ordinal) == true, error);
    }

    private static Dictionary<string, StringValues> Headers(long timestamp = Now, string? signature = null) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["webhook-id"] = MsgId,
        ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
        ["webhook-signature"] = signature ?? "v1," + Signature(Convert.FromBase64String(Secret), MsgId, timestamp),
    };

    private static string Signature(byte[] key, string id, long timestamp) => SignatureOver(key, $"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{Payload}");

    private static string SignatureOver(byte[] key, string content) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));

    private WebhookVerdict Receive(string secret, Dictionary<string, StringValues> headers) => receiver.Receive(
        new WebhookRequest(Encoding.UTF8.GetBytes(Payload), "application/json", headers, new Dictionary<string, StringValues> { ["prj"] = "demo" }),
        new SourceContext(Bridge, null, new Dictionary<string, string>(), new Dictionary<string, string> { [WebhookRequests.SecretSetting] = secret }));

    private static void Accepted(WebhookVerdict verdict) =>
        Assert.Equal("event:" + MsgId, Assert.Single(Assert.IsType<WebhookVerdict.Accepted>(verdict).Records).NaturalId);

    private static string Refused(WebhookVerdict verdict)
    {
        var rejected = Assert.IsType<WebhookVerdict.Rejected>(verdict);
        Assert.Equal(401, rejected.Status);
        return rejected.Detail;
    }
}

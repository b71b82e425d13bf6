using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.StandardWebhooks;

/// <summary>
/// Any sender following Standard Webhooks: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")&gt;</c>
/// (a space-separated list; any match passes), timestamps at most 5 minutes off. Each message becomes one
/// <c>event</c> document with natural id = <c>webhook-id</c>, which senders keep across retries. The secret's forms:
/// <see cref="StandardWebhookSecret"/>.
/// </summary>
public sealed partial class StandardWebhookReceiver(TimeProvider clock) : IWebhookReceiver
{
    public const string SourceKindName = "StandardWebhook";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static readonly SourceKind Source = new(
        SourceKindName,
        "Generic webhook (Standard Webhooks signature)",
        null,
        [WebhookRequests.SecretField("Signing secret", "whsec_<base64> as the sender shows it (the prefix and the base64 padding may be left out); encrypted, never shown back. URL: /hooks/{key}?prj=<project>&quality_model=<model>")
            with { Validate = StandardWebhookSecret.Problem }]);

    public string Kind => SourceKindName;

    /// <summary>The <c>v1,…</c> signature a sender with <paramref name="secret"/> sends (tests and the bench sign with it).</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(SignedContentHmac(
            StandardWebhookSecret.Key(secret, out var problem) ?? throw new ArgumentException(problem, nameof(secret)),
            id, timestamp.ToString(CultureInfo.InvariantCulture), body));

    public WebhookVerdict Receive(WebhookRequest request, SourceContext context) => WebhookRequests.Receive(
        request,
        context,
        secret => Verify(request, secret),
        (json, meta) =>
        {
            var data = json.At("data") is JsonObject d ? (JsonObject)d.DeepClone() : (JsonObject)json.DeepClone();
            return WebhookRequests.Accept([new WebhookDocument("event", request.Header("webhook-id")!, "standard", json.Text("type") ?? "unknown", meta.Prj, meta.QualityModel,
                json.Time("timestamp"), null, null, null, null, null, data)]);
        });

    /// <summary>Why the webhook-id/-timestamp/-signature headers do not prove the sender, or null when they do.</summary>
    private string? Verify(WebhookRequest request, string secret)
    {
        // Saved before secrets were checked on save: refuse everything rather than verify with a wrong or empty key.
        if (StandardWebhookSecret.Key(secret, out var problem) is not { } key)
        {
            return $"This bridge's signing secret cannot verify any message. {problem} Edit the bridge and set it again.";
        }

        if (request.Header("webhook-id") is not { Length: > 0 } id || request.Header("webhook-timestamp") is not { Length: > 0 } timestamp
            || request.Header("webhook-signature") is not { Length: > 0 } signatures)
        {
            return "The webhook-id, webhook-timestamp and webhook-signature headers are required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "The webhook-timestamp header is not Unix seconds.";
        }

        var skew = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (skew.Duration() > Tolerance)
        {
            return $"The webhook-timestamp is {Math.Abs(skew.TotalSeconds):0} s off, more than the 300 s tolerance.";
        }

        var expected = SignedContentHmac(key, id, timestamp, request.Body.Span);
        var v1 = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s.StartsWith("v1,", StringComparison.Ordinal)).ToList();
        if (v1.Count == 0)
        {
            return "The webhook-signature header holds no v1 signature.";
        }

        return v1.Any(s => Matches(s[3..], expected)) ? null : "The webhook-signature does not match the body.";
    }

    private static bool Matches(string base64, byte[] expected)
    {
        var given = new byte[expected.Length + 1];
        return Convert.TryFromBase64String(base64, given, out var written) && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, written), expected);
    }

    /// <summary>HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, fed in pieces so the body is not copied.</summary>
    private static byte[] SignedContentHmac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// A push source behind <c>POST /hooks/{bridgeKey}</c>: verifies a request (signature, token, basic auth) on
/// its raw bytes and splits it into records. The endpoint stores them before it answers 2xx.
/// </summary>
public interface IWebhookReceiver
{
    /// <summary>The bridge's <c>SourceKind</c> this receiver serves.</summary>
    string Kind { get; }

    /// <summary>The body limit of a bridge that sets none (<see cref="BodyLimits"/>): what the sender documents it may send.</summary>
    long DefaultMaxBodyBytes => BodyLimits.DefaultBytes;

    WebhookVerdict Receive(WebhookRequest request, SourceContext context);

    /// <summary>The payload field the natural id comes from, named when the endpoint refuses an id.</summary>
    string IdField => "the sender's id field";

    /// <summary>What to enter on the sender's side for a bridge with these source settings; null when there is nothing to say.</summary>
    WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => null;
}

/// <summary>
/// The raw request as the sender signed it. <see cref="Body"/> is a pooled buffer the endpoint returns after the
/// request: read it during <see cref="IWebhookReceiver.Receive"/>, never keep it.
/// </summary>
public sealed record WebhookRequest(ReadOnlyMemory<byte> Body, string? ContentType, IReadOnlyDictionary<string, StringValues> Headers, IReadOnlyDictionary<string, StringValues> Query)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;

    /// <summary>The content type without its parameters (e.g. <c>application/json</c>), or null when none was sent.</summary>
    public string? MediaType => ContentType?.Split(';')[0].Trim() is { Length: > 0 } type ? type : null;

    /// <summary>True for <c>application/json</c> and the <c>…+json</c> / <c>…/json</c> family.</summary>
    public bool IsJson => MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Parses the body with <see cref="JsonBody"/>; returns a 400 refusal with the reason when it is not JSON in UTF-8.</summary>
    public WebhookVerdict? ParseJson(out JsonNode? root)
    {
        try
        {
            root = JsonBody.Parse(Body);
            return null;
        }
        catch (JsonBodyException e)
        {
            root = null;
            return WebhookVerdict.Reject(400, e.Title, e.Message);
        }
    }
}

/// <summary>What the receiver decided: store these records, refuse the request, or answer without storing (e.g. a ping).</summary>
public abstract record WebhookVerdict
{
    public static WebhookVerdict Accept(IReadOnlyList<InboundRecord> records) => new Accepted(records);

    public static WebhookVerdict Reject(int status, string title, string detail, string? challenge = null) => new Rejected(status, title, detail, challenge);

    public static WebhookVerdict Ignore(string message) => new Ignored(message);

    public sealed record Accepted(IReadOnlyList<InboundRecord> Records) : WebhookVerdict;

    /// <summary>Refused; <paramref name="Challenge"/> is the <c>WWW-Authenticate</c> value of a 401, if any.</summary>
    public sealed record Rejected(int Status, string Title, string Detail, string? Challenge = null) : WebhookVerdict;

    public sealed record Ignored(string Message) : WebhookVerdict;
}

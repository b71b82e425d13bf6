using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// One normalised document of the common schema (docs/webhook-documents.md). Each document travels as its
/// own engine record with natural id <c>{type}:{id}</c>, so redelivery is a no-op and a changed entity an update.
/// The payload holds nothing that differs between deliveries of the same content (no receive time, no delivery id).
/// </summary>
public sealed record WebhookDocument(
    string Type,
    string Id,
    string Source,
    string Event,
    string Prj,
    string? QualityModel,
    DateTimeOffset? OccurredAt,
    string? Actor,
    string? Title,
    string? Status,
    string? Url,
    string? Container,
    JsonObject Data,
    bool Normalised = true)
{
    public const int SchemaVersion = 1;

    /// <summary>The <see cref="InboundRecord.Module"/> of documents stored raw.</summary>
    public const string NotNormalised = "not normalised";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string NaturalId => $"{Type}:{Id}";

    public InboundRecord ToRecord() => new(NaturalId, ToJson(), Normalised ? Type : NotNormalised);

    public string ToJson() => JsonSerializer.Serialize(new Envelope(
        SchemaVersion, Type, Id, Source, Event, Normalised, Prj, QualityModel,
        OccurredAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Actor, Title, Status, Url, Container, Data), Json);

    /// <summary>Reads a stored document back; null when <paramref name="json"/> is not one.</summary>
    public static Envelope? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Envelope>(json, Json) is { Type.Length: > 0, Id.Length: > 0 } e ? e : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An event no parser understands: kept whole, typed <c>raw</c>, marked not normalised.</summary>
    public static WebhookDocument Raw(string source, string @event, string? deliveryId, ReadOnlyMemory<byte> body, JsonNode? parsed, WebhookMetadata meta) =>
        new("raw", $"{source}:{@event}:{deliveryId ?? Convert.ToHexStringLower(SHA256.HashData(body.Span))[..32]}", source, @event, meta.Prj, meta.QualityModel,
            null, null, null, null, null, null,
            new JsonObject { ["payload"] = parsed?.DeepClone() ?? JsonValue.Create(System.Text.Encoding.UTF8.GetString(body.Span)) }, Normalised: false);

    /// <summary>The stored shape: every document has these fields; <see cref="Data"/> holds the type's own.</summary>
    public sealed record Envelope(
        int Schema, string Type, string Id, string Source, string Event, bool Normalised, string Prj, string? QualityModel,
        string? OccurredAt, string? Actor, string? Title, string? Status, string? Url, string? Container, JsonObject? Data);
}

/// <summary>The query parameters every webhook URL carries: <c>prj</c> (required) and <c>quality_model</c> (optional).</summary>
public sealed record WebhookMetadata(string Prj, string? QualityModel);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace BridgePortal.Data.Model;

/// <summary>
/// Which external system a connection is for, by name. Each connector declares its own (e.g.
/// <c>KoboConnectionKind.Kind</c>), so the data layer names none; the name is what is stored and what the API reads
/// and writes, as the enum's member names were.
/// </summary>
[JsonConverter(typeof(ConnectionKindJsonConverter))]
public readonly record struct ConnectionKind(string Name)
{
    public override string ToString() => Name ?? "";
}

/// <summary>A kind travels as its plain name; a number or any other token is unreadable, as with the string-enum converter.</summary>
public sealed class ConnectionKindJsonConverter : JsonConverter<ConnectionKind>
{
    public override ConnectionKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } name
            ? new ConnectionKind(name)
            : throw new JsonException("A connection kind is a non-empty string.");

    public override void Write(Utf8JsonWriter writer, ConnectionKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}

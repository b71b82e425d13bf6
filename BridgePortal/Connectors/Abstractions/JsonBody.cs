using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// The one JSON parse of every request body (ingest API and webhook receivers), with one answer per kind of bad
/// input (docs/receivers.md, "Bodies"):
/// a UTF-8 byte order mark is skipped; invalid UTF-8 (bad, overlong, surrogate-encoding or truncated sequences) is
/// refused rather than silently turned into U+FFFD; nesting deeper than <see cref="MaxDepth"/> is refused; a lone
/// surrogate escape (<c>"\uD800"</c>) in a name or value is refused, since no text column can store it faithfully;
/// duplicate names keep the last value (as ECMAScript, Python and PostgreSQL jsonb read them); numbers keep their
/// exact text, however large.
/// </summary>
public static class JsonBody
{
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>
    /// Parses <paramref name="utf8"/> without copying it; the result holds no reference to it, so a pooled buffer
    /// may be returned afterwards. Null for the JSON literal <c>null</c>.
    /// </summary>
    /// <exception cref="JsonBodyException">The body is not valid JSON in valid UTF-8, with the reason.</exception>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        if (!Utf8.IsValid(utf8.Span))
        {
            throw new JsonBodyException("Invalid UTF-8", $"The body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(utf8.Span)}); JSON must be UTF-8 (RFC 8259 §8.1).");
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, Options);
            return ToNode(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new JsonBodyException("Malformed JSON", e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's unescaping refuses lone surrogates (\uD800 without its pair) with this exception.
            throw new JsonBodyException("Invalid string", $"A name or string holds an escape that is not a Unicode character (a lone surrogate such as \\uD800): {e.Message}");
        }
    }

    /// <summary>Builds a node tree that owns all its data (strings copied, numbers by their raw text), last name winning.</summary>
    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var o = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    o[property.Name] = ToNode(property.Value);
                }

                return o;
            case JsonValueKind.Array:
                var a = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    a.Add(ToNode(item));
                }

                return a;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString()!);
            case JsonValueKind.Number:
                return Number(element);
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>Plain integers as longs (cheap); any other number (1e400, 30 digits, 1.50, -0) as its own text, exactly.</summary>
    private static JsonValue Number(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        Span<byte> formatted = stackalloc byte[20];
        return element.TryGetInt64(out var n) && Utf8Formatter.TryFormat(n, formatted, out var written) && raw.SequenceEqual(formatted[..written])
            ? JsonValue.Create(n)
            : JsonValue.Create(element.Clone())!;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length && System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }
}

/// <summary>A request body that is not valid JSON in valid UTF-8: a 400 with <see cref="Title"/> and the message.</summary>
public sealed class JsonBodyException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

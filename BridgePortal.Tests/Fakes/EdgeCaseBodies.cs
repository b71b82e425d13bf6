using System.Text;

namespace BridgePortal.Tests.Fakes;

/// <summary>One generated request body: what it is, its bytes and its Content-Type (null sends none).</summary>
public sealed record EdgeCaseBody(string Name, byte[] Bytes, string? ContentType = "application/json");

/// <summary>
/// Bad and edge-case bodies after RFC 8259 and what real senders produce: empty and scalar documents, duplicate names,
/// lone surrogates, deep nesting, huge numbers, BOM, NUL, invalid UTF-8, truncation, wrong content types, and odd
/// shapes of every receiver's fields. Many are made from a valid body of the receiver, so its parse and field reads
/// are reached, not only its first check.
/// </summary>
public static class EdgeCaseBodies
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static readonly (string Name, byte[] Bytes)[] InvalidUtf8 =
    [
        ("C3 28 (bad continuation)", [0xC3, 0x28]),
        ("FF FE (never valid)", [0xFF, 0xFE]),
        ("C0 AF (overlong /)", [0xC0, 0xAF]),
        ("ED A0 80 (encoded surrogate)", [0xED, 0xA0, 0x80]),
        ("E2 82 (truncated)", [0xE2, 0x82]),
        ("F4 90 80 80 (above U+10FFFF)", [0xF4, 0x90, 0x80, 0x80]),
        ("80 (lone continuation)", [0x80]),
    ];

    private static readonly string[] Scalars =
    [
        "", " ", "null", "true", "0", "\"text\"", "[]", "[1,2]", "[null]", "[[]]", "[\"a\"]", "{}", "[{}]", "[{\"a\":1},2]",
        "{", "}", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1}x", "{}{}", "/* c */{}", "{\"a\":\"\\x\"}",
        "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":{\"b\":1,\"b\":{\"c\":2}}}", "{\"a\":\"\\uD800\"}", "{\"\\uDC00\":1}", "{\"a\":\"\\uD800\\u0041\"}", "{\"a\":\"\\uD83D\\uDE00\"}",
        "{\"n\":1e400}", "{\"n\":-1e-400}", "{\"n\":123456789012345678901234567890}", "{\"n\":-0}", "{\"n\":01}", "{\"n\":1.}", "{\"a\":\"x\\u0000y\"}",
    ];

    /// <summary>Fields every receiver reads, in shapes no sender documents (objects where strings go, and so on).</summary>
    private static readonly string[] Shapes =
    [
        "{\"id\":{\"x\":1}}", "{\"id\":[1]}", "{\"id\":true}", "{\"id\":null}", "{\"id\":\"\"}", "{\"id\":1e400}", "{\"_id\":{\"$gt\":1}}", "{\"_id\":\"abc\"}", "{\"_uuid\":5}",
        "{\"form\":\"x\"}", "{\"form\":{\"meta\":\"x\"}}", "{\"form\":{\"meta\":{\"instanceID\":{}}}}", "{\"id\":\"f\",\"form\":{\"case\":{\"@case_id\":5}}}",
        "{\"id\":\"f\",\"form\":{\"@xmlns\":{},\"@name\":[],\"meta\":[]},\"received_on\":{}}", "{\"id\":\"f\",\"form\":{\"case\":[{\"@case_id\":{}}]}}",
        "{\"commits\":[1,\"x\",null,{\"id\":5}]}", "{\"commits\":[{\"id\":{\"a\":1}}]}", "{\"commits\":[{\"author\":\"x\",\"id\":\"abc\",\"timestamp\":{}}]}", "{\"commits\":\"x\"}",
        "{\"repository\":\"x\",\"ref\":5,\"commits\":[{\"id\":\"abc\",\"added\":\"x\"}]}", "{\"issue\":{\"id\":{}},\"action\":[]}", "{\"pull_request\":{\"id\":\"x\",\"user\":5}}",
        "{\"action\":\"change\",\"type\":\"task\",\"data\":\"x\"}", "{\"action\":\"create\",\"type\":\"issue\",\"data\":{\"id\":{},\"status\":\"x\",\"assigned_to\":5}}", "{\"type\":5,\"action\":{}}",
        "{\"rows\":\"x\"}", "{\"rows\":[1]}", "{\"rows\":[{\"row_id\":{}}]}", "{\"rows\":[{\"row_id\":\"r\",\"hours\":\"x\",\"date\":5}]}", "{\"sheet\":{},\"rows\":[{\"row_id\":\"r\"}]}",
        "{\"records\":\"x\"}", "{\"records\":[1]}", "{\"attributes\":\"x\"}", "[{\"attributes\":{\"type\":{}},\"Id\":\"x\"}]", "[{\"attributes\":{\"type\":\"A__c\"},\"Id\":5}]",
        "{\"data\":\"x\",\"type\":{}}", "{\"timestamp\":{},\"data\":{\"id\":[]}}", "{\"module\":{},\"data\":{\"id\":{}}}",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/problem+json",
    ];

    /// <summary>The corpus for a receiver whose valid body is <paramref name="good"/> (a fresh one per call).</summary>
    public static IEnumerable<EdgeCaseBody> For(Func<string> good)
    {
        foreach (var text in Scalars.Concat(Shapes))
        {
            yield return new(text.Length > 40 ? text[..40] + "…" : text, Utf8(text));
        }

        foreach (var (name, bytes) in InvalidUtf8)
        {
            yield return new($"invalid UTF-8 {name} in a value", Splice(good(), "\"x\":\"a", bytes, "b\","));
            yield return new($"invalid UTF-8 {name} in a name", Splice(good(), "\"", bytes, "\":1,"));
            yield return new($"invalid UTF-8 {name} alone", bytes);
        }

        var first = good();
        yield return new("BOM then a valid body", [.. Bom, .. Utf8(good())]);
        yield return new("two BOMs", [.. Bom, .. Bom, .. Utf8(good())]);
        yield return new("BOM alone", Bom);
        yield return new("NUL byte in a value", Splice(good(), "\"x\":\"a", [0x00], "b\","));
        yield return new("NUL after the body", [.. Utf8(good()), 0x00]);
        yield return new("escaped NUL in a value", Insert(good(), "\"x\":\"a\\u0000b\","));
        yield return new("duplicate extra name", Insert(good(), "\"x\":1,\"x\":2,"));
        yield return new("duplicate of the first name", Insert(first, $"{FirstName(first)}:\"duplicate\","));
        yield return new("lone surrogate in a value", Insert(good(), "\"x\":\"\\uD800\","));
        yield return new("lone surrogate in a name", Insert(good(), "\"\\uDFFF\":1,"));
        yield return new("surrogate pair in a value", Insert(good(), "\"x\":\"\\uD83D\\uDE00\","));
        yield return new("huge number", Insert(good(), "\"x\":1e400,\"y\":123456789012345678901234567890123,"));
        yield return new("nesting 64 deep", Insert(good(), $"\"x\":{Nest(62)},"));
        yield return new("nesting 65 deep", Insert(good(), $"\"x\":{Nest(64)},"));
        yield return new("nesting 100000 deep", Utf8(Nest(100_000)));
        yield return new("key of 100 KB", Insert(good(), $"\"{new string('k', 100_000)}\":1,"));
        yield return new("truncated", Utf8(good()[..^1]));
        foreach (var type in ContentTypes)
        {
            yield return new($"valid body as {type}", Utf8(good()), type);
        }

        yield return new("valid body without a content type", Utf8(good()), null);
        yield return new("form-encoded payload with invalid UTF-8", Utf8("payload=%7B%22a%22%3A%22%C3%28%22%7D"), "application/x-www-form-urlencoded");
        yield return new("form-encoded payload, duplicate names", Utf8("payload=%7B%22a%22%3A1%2C%22a%22%3A2%7D"), "application/x-www-form-urlencoded");
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>The body with <paramref name="member"/> inserted as its first member (arrays: into their first object).</summary>
    private static byte[] Insert(string body, string member)
    {
        var at = body.IndexOf('{', StringComparison.Ordinal) + 1;
        return Utf8(body[..at] + member + body[at..]);
    }

    private static byte[] Splice(string body, string before, byte[] raw, string after)
    {
        var at = body.IndexOf('{', StringComparison.Ordinal) + 1;
        return [.. Utf8(body[..at] + before), .. raw, .. Utf8(after + body[at..])];
    }

    private static string FirstName(string body)
    {
        var start = body.IndexOf('"', StringComparison.Ordinal);
        return body[start..(body.IndexOf('"', start + 1) + 1)];
    }
}

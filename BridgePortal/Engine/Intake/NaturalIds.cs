using System.Globalization;
using System.Text;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// The one natural-id policy, applied by every intake path before anything is stored: not blank, at most
/// <see cref="MaxLength"/> characters, no control characters (NUL, CR, LF, …), no line/paragraph separators and no
/// lone surrogates. Real ids are far shorter (a GitHub sha is 40, a GUID 36, a Standard Webhooks <c>msg_…</c> id
/// about 30), and the database column holds 400, so a prefixed id (<c>commit:…</c>, <c>key:index</c>) always fits.
/// </summary>
public static class NaturalIds
{
    public const int MaxLength = 200;

    /// <summary>Null when <paramref name="id"/> is acceptable, else why not (fit for a 400 detail; the id itself is not echoed).</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "is empty or blank";
        }

        if (id.Length > MaxLength)
        {
            return $"is {id.Length} characters long (at most {MaxLength})";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"holds a lone surrogate at position {i}";
            }
            else if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"holds the control character U+{(int)c:X4} at position {i}";
            }
        }

        return null;
    }

    /// <summary>The first record whose natural id breaks the policy, as "record {index}: natural id {problem}"; null when all pass.</summary>
    public static string? FirstProblem(IReadOnlyList<InboundRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (Problem(records[i].NaturalId) is { } problem)
            {
                return $"record {i}: natural id {problem}";
            }
        }

        return null;
    }

    /// <summary>
    /// A header-safe form of <paramref name="value"/>: every UTF-8 byte outside <c>A–Z a–z 0–9 - . _ ~ : @ / + =</c>
    /// becomes <c>%XX</c> (upper-case hex; <c>%</c> itself too), so the result is visible ASCII, injective and the
    /// same for the same id at every redelivery. Ids made of those characters only pass unchanged.
    /// </summary>
    public static string HeaderSafe(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)':' or (byte)'@' or (byte)'/' or (byte)'+' or (byte)'=')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

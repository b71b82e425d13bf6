using System.Globalization;
using System.Text.RegularExpressions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// Reads the type of a CommCare answer from its text (CommCare sends every answer as a string). The rules, in
/// order (docs/commcare-surveys.md): GPS, boolean, date, date-time, number, else text. They are strict on
/// purpose: what could be an identifier (phone numbers with + or a leading 0, codes like 1e5) stays text.
/// </summary>
public static partial class AnswerInference
{
    /// <summary>Longest text read as a number (numeric holds far more, but such "numbers" are identifiers).</summary>
    public const int MaxNumberLength = 40;

    /// <summary>The typed answer of <paramref name="text"/>, or null when it is empty (an unanswered question).</summary>
    public static TypedAnswer? Infer(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        if (Gps(value) is { } gps)
        {
            return new TypedAnswer(AnswerType.Gps, text, Gps: gps);
        }

        if (Boolean(value) is { } boolean)
        {
            return new TypedAnswer(AnswerType.Boolean, text, Boolean: boolean);
        }

        if (DateShape().IsMatch(value) && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new TypedAnswer(AnswerType.Date, text, Date: date);
        }

        if (DateTimeShape().IsMatch(value)
            && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return new TypedAnswer(AnswerType.DateTime, text, Date: day, Timestamp: instant.ToUniversalTime());
        }

        if (value.Length <= MaxNumberLength && NumberShape().IsMatch(value))
        {
            return new TypedAnswer(AnswerType.Number, text, Number: value);
        }

        return new TypedAnswer(AnswerType.Text, text);
    }

    /// <summary>
    /// CommCare's GPS answer: four space-separated numbers, latitude in −90..90 and longitude in −180..180 both
    /// written with a decimal point (so a multi-select of numeric choices like "1 2 3 4" is not a position),
    /// accuracy ≥ 0.
    /// </summary>
    public static GpsPoint? Gps(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || !parts.All(p => p.Length <= MaxNumberLength && SignedDecimal().IsMatch(p)) || !parts[0].Contains('.') || !parts[1].Contains('.'))
        {
            return null;
        }

        var n = parts.Select(p => double.Parse(p, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)).ToArray();
        return n[0] is >= -90 and <= 90 && n[1] is >= -180 and <= 180 && n[3] >= 0 ? new GpsPoint(n[0], n[1], n[2], n[3]) : null;
    }

    private static bool? Boolean(string value) => value.ToLowerInvariant() switch
    {
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => null,
    };

    // A plain invariant decimal: optional minus, no leading zeros (0 itself and 0.x are fine), no +, no exponent, no separators.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberShape();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SignedDecimal();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateShape();

    // 2026-11-02T09:01:40.512000Z, 2026-11-02T11:01:40+02:00, 2026-11-02 09:01 (seconds and offset optional).
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeShape();
}

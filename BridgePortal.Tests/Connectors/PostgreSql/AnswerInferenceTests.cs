using BridgePortal.Connectors.PostgreSql;

namespace BridgePortal.Tests.Connectors.PostgreSql;

public sealed class AnswerInferenceTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("42", "42")]
    [InlineData("-17", "-17")]
    [InlineData("1250.5", "1250.5")]
    [InlineData("0.75", "0.75")]
    [InlineData("-0.001", "-0.001")]
    [InlineData(" 380 ", "380")]
    [InlineData("123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789")]
    public void Plain_invariant_decimals_are_numbers_kept_to_the_last_digit(string text, string number)
    {
        var answer = AnswerInference.Infer(text)!;

        Assert.Equal((AnswerType.Number, number, text), (answer.Type, answer.Number, answer.Text));
        Assert.Equal("number", answer.TypeName);
    }

    [Theory]
    [InlineData("+250788123456")] // phone number with country code
    [InlineData("0788123456")] // phone number with trunk prefix
    [InlineData("007")] // code with leading zeros
    [InlineData("00")]
    [InlineData("1e5")] // exponent notation: an identifier, not a number, in CommCare answers
    [InlineData("1E-3")]
    [InlineData("1,250.5")] // grouping separators
    [InlineData("1250,5")] // decimal comma
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x1F")]
    [InlineData("12 000")]
    [InlineData("rainforest fairtrade organic")] // multi-select: space-separated choice values
    [InlineData("1 2 3 4")] // multi-select of numeric choices, not a GPS point
    [InlineData("routine")]
    [InlineData("yes please")]
    [InlineData("2026-13-01")] // not a date
    [InlineData("2026-02-30")]
    [InlineData("02/11/2026")] // not ISO
    [InlineData("2026-11-02T25:00:00Z")]
    [InlineData("14:30:00.000+02:00")] // a time question stays text
    [InlineData("12345678901234567890123456789012345678901")] // longer than any plausible quantity
    public void Identifiers_codes_choices_and_anything_not_strictly_typed_stay_text(string text)
    {
        var answer = AnswerInference.Infer(text)!;

        Assert.Equal(AnswerType.Text, answer.Type);
        Assert.Equal(text, answer.Text);
        Assert.Null(answer.Number);
        Assert.Null(answer.Gps);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("Yes", true)]
    [InlineData("FALSE", false)]
    [InlineData(" no ", false)]
    public void Yes_no_true_false_are_booleans(string text, bool value)
    {
        var answer = AnswerInference.Infer(text)!;

        Assert.Equal((AnswerType.Boolean, value), (answer.Type, answer.Boolean));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("y")]
    [InlineData("OK")]
    public void One_zero_and_abbreviations_are_not_booleans(string text) =>
        Assert.NotEqual(AnswerType.Boolean, AnswerInference.Infer(text)!.Type);

    [Fact]
    public void An_iso_date_is_a_date()
    {
        var answer = AnswerInference.Infer("2026-11-02")!;

        Assert.Equal((AnswerType.Date, new DateOnly(2026, 11, 2), (DateTimeOffset?)null), (answer.Type, answer.Date, answer.Timestamp));
    }

    [Theory]
    [InlineData("2026-11-16T08:00:00.000+02:00", "2026-11-16", "2026-11-16T06:00:00.0000000+00:00")]
    [InlineData("2026-11-02T09:01:40.512000Z", "2026-11-02", "2026-11-02T09:01:40.5120000+00:00")]
    [InlineData("2026-11-02T23:30:00-05:00", "2026-11-02", "2026-11-03T04:30:00.0000000+00:00")]
    [InlineData("2026-11-02 09:01", "2026-11-02", "2026-11-02T09:01:00.0000000+00:00")]
    [InlineData("2026-11-02T09:01:40", "2026-11-02", "2026-11-02T09:01:40.0000000+00:00")]
    public void An_iso_date_time_is_a_date_time_with_its_written_day_and_its_utc_instant(string text, string day, string utc)
    {
        var answer = AnswerInference.Infer(text)!;

        Assert.Equal(AnswerType.DateTime, answer.Type);
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), answer.Date);
        Assert.Equal(utc, answer.Timestamp!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("-2.5960 29.7391 1698.2 3.9", -2.596, 29.7391, 1698.2, 3.9)]
    [InlineData("0.0 0.0 0.0 0.0", 0, 0, 0, 0)]
    [InlineData("90.0 -180.0 -12.5 0", 90, -180, -12.5, 0)]
    [InlineData("  12.5  -8.25 100 20  ", 12.5, -8.25, 100, 20)]
    public void Four_numbers_latitude_longitude_altitude_accuracy_are_a_gps_point(string text, double lat, double lon, double alt, double accuracy)
    {
        var answer = AnswerInference.Infer(text)!;

        Assert.Equal(AnswerType.Gps, answer.Type);
        Assert.Equal(new GpsPoint(lat, lon, alt, accuracy), answer.Gps);
        Assert.Equal(text, answer.Text);
    }

    [Theory]
    [InlineData("91.0 29.7 1698.2 3.9")] // latitude out of range
    [InlineData("-2.5 181.0 1698.2 3.9")] // longitude out of range
    [InlineData("-2.5 29.7 1698.2 -1")] // negative accuracy
    [InlineData("-2.5 29.7 1698.2")] // three numbers
    [InlineData("-2.5 29.7")] // two numbers
    [InlineData("-2 29 1698 3")] // no decimal point in latitude / longitude: numeric choices
    [InlineData("-2.5 29.7 1698.2 3.9 7")]
    [InlineData("-2,5 29,7 1698 3")]
    public void Anything_short_of_a_commcare_gps_answer_is_not_a_position(string text) =>
        Assert.NotEqual(AnswerType.Gps, AnswerInference.Infer(text)!.Type);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_answers_are_skipped(string? text) => Assert.Null(AnswerInference.Infer(text));
}

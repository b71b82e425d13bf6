namespace BridgePortal.Connectors.PostgreSql;

/// <summary>What an answer's text was read as (the <c>value_type</c> column).</summary>
public enum AnswerType
{
    Text,
    Number,
    Boolean,
    Date,
    DateTime,
    Gps,
}

/// <summary>A CommCare GPS answer: <c>"latitude longitude altitude accuracy"</c>.</summary>
public sealed record GpsPoint(double Latitude, double Longitude, double Altitude, double Accuracy);

/// <summary>
/// One answer's text and the typed value read from it. <see cref="Number"/> is kept as its exact decimal text
/// (PostgreSQL casts it to <c>numeric</c>, so no digit is lost to a .NET type).
/// </summary>
public sealed record TypedAnswer(
    AnswerType Type,
    string Text,
    string? Number = null,
    bool? Boolean = null,
    DateOnly? Date = null,
    DateTimeOffset? Timestamp = null,
    GpsPoint? Gps = null)
{
    /// <summary>The <c>value_type</c> column's value.</summary>
    public string TypeName => Type switch
    {
        AnswerType.Number => "number",
        AnswerType.Boolean => "boolean",
        AnswerType.Date => "date",
        AnswerType.DateTime => "datetime",
        AnswerType.Gps => "gps",
        _ => "text",
    };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace BridgePortal.Tests.Connectors.Kobo;

// Kobo's Mongo-style `query` and `sort` parameters, evaluated over the stored submissions.
public sealed partial class FakeKobo
{
    /// <summary>Builds a predicate from a Mongo-style query: <c>{"field": value}</c> or <c>{"field": {"$op": value, …}}</c>, all ANDed.</summary>
    private static Func<JsonObject, bool> Filter(StringValues raw)
    {
        var text = raw.ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return _ => true;
        }

        if (JsonNode.Parse(text) is not JsonObject query)
        {
            throw new FormatException("query must be a JSON object");
        }

        var conditions = new List<Func<JsonObject, bool>>();
        foreach (var (field, condition) in query)
        {
            if (field.StartsWith('$'))
            {
                throw new FormatException($"unsupported operator {field}");
            }

            if (condition is JsonObject ops && ops.Any(o => o.Key.StartsWith('$')))
            {
                foreach (var (op, operand) in ops)
                {
                    conditions.Add(Condition(field, op, operand?.DeepClone()));
                }
            }
            else
            {
                conditions.Add(Condition(field, "$eq", condition?.DeepClone()));
            }
        }

        return s => conditions.TrueForAll(c => c(s));
    }

    private static Func<JsonObject, bool> Condition(string field, string op, JsonNode? operand)
    {
        return op switch
        {
            "$eq" => s => JsonNode.DeepEquals(Value(s, field), operand),
            "$ne" => s => !JsonNode.DeepEquals(Value(s, field), operand),
            "$in" when operand is JsonArray list => s => list.Any(o => JsonNode.DeepEquals(Value(s, field), o)),
            "$nin" when operand is JsonArray list => s => !list.Any(o => JsonNode.DeepEquals(Value(s, field), o)),
            "$exists" => s => (s.ContainsKey(field) && s[field] is not null) == (operand?.GetValueKind() != JsonValueKind.False),
            "$gt" => s => Compare(Value(s, field), operand) is > 0,
            "$gte" => s => Compare(Value(s, field), operand) is >= 0,
            "$lt" => s => Compare(Value(s, field), operand) is < 0,
            "$lte" => s => Compare(Value(s, field), operand) is <= 0,
            _ => throw new FormatException($"unsupported operator {op} on {field}"),
        };
    }

    private static JsonNode? Value(JsonObject submission, string field) =>
        submission.TryGetPropertyValue(field, out var value) ? value : null;

    /// <summary>Orders two JSON values: numbers numerically, strings as dates when both parse, else ordinally; null when incomparable.</summary>
    private static int? Compare(JsonNode? a, JsonNode? b)
    {
        if (a is not JsonValue x || b is not JsonValue y)
        {
            return null;
        }

        if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.Parse(x.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(y.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (x.GetValueKind() == JsonValueKind.String && y.GetValueKind() == JsonValueKind.String)
        {
            var s = x.GetValue<string>();
            var t = y.GetValue<string>();
            const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
            return DateTime.TryParse(s, CultureInfo.InvariantCulture, styles, out var ds) && DateTime.TryParse(t, CultureInfo.InvariantCulture, styles, out var dt)
                ? ds.CompareTo(dt)
                : string.CompareOrdinal(s, t);
        }

        return null;
    }

    private static Comparison<JsonObject> Order(StringValues raw)
    {
        var text = raw.ToString();
        var sort = string.IsNullOrWhiteSpace(text)
            ? [("_id", 1)]
            : (JsonNode.Parse(text) as JsonObject ?? throw new FormatException("sort must be a JSON object"))
                .Select(p => (p.Key, p.Value?.GetValue<int>() < 0 ? -1 : 1))
                .ToList();
        return (a, b) =>
        {
            foreach (var (field, direction) in sort)
            {
                var c = Compare(Value(a, field), Value(b, field)) ?? 0;
                if (c != 0)
                {
                    return c * direction;
                }
            }

            return IdOf(a).CompareTo(IdOf(b));
        };
    }
}

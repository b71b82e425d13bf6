using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// Where a Salesforce field's value comes from: a dotted path into the form JSON (<c>form.farmer_name</c>; a trailing
/// <c>?</c> makes it optional), a constant (<c>=CommCare</c>, or any JSON number, boolean or null), or a template
/// (<c>{form.first} {form.last}</c>) whose placeholders are paths.
/// </summary>
public abstract record FieldExpression(string Text)
{
    /// <summary>Reads an expression; <see cref="SalesforceMappingException"/> (without context) when it is not one.</summary>
    public static FieldExpression Parse(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return node is JsonObject or JsonArray
                ? throw new SalesforceMappingException("a field's value is a path string, a \"=constant\", a \"{template}\", or a JSON number, boolean or null")
                : new Constant(node?.DeepClone(), node?.ToJsonString() ?? "null");
        }

        var text = value.GetValue<string>();
        if (text.StartsWith('='))
        {
            return new Constant(JsonValue.Create(text[1..]), text);
        }

        if (text.Contains('{') || text.Contains('}'))
        {
            return Template.Parse(text);
        }

        return Path.Parse(text);
    }

    /// <summary>The value for one form; null means "leave the field out" (an optional path with no value).</summary>
    public abstract JsonNode? Evaluate(JsonObject form, out bool present);

    /// <summary>A constant value (always present).</summary>
    public sealed record Constant(JsonNode? Value, string Source) : FieldExpression(Source)
    {
        public override JsonNode? Evaluate(JsonObject form, out bool present)
        {
            present = true;
            return Value?.DeepClone();
        }
    }

    /// <summary>A dotted path from the form's root (numbers index arrays); required unless it ends in '?'.</summary>
    public sealed record Path(IReadOnlyList<string> Segments, bool Optional, string Source) : FieldExpression(Source)
    {
        public string Dotted => string.Join('.', Segments);

        public static Path Parse(string text)
        {
            var trimmed = text.Trim();
            var optional = trimmed.EndsWith('?');
            if (optional)
            {
                trimmed = trimmed[..^1];
            }

            var segments = trimmed.Split('.');
            if (trimmed.Length == 0 || segments.Any(s => s.Length == 0 || s.Any(char.IsWhiteSpace)))
            {
                throw new SalesforceMappingException($"'{text}' is not a path (dotted names without spaces, e.g. form.farmer_name; start a constant with '=')");
            }

            return new Path(segments, optional, text);
        }

        public override JsonNode? Evaluate(JsonObject form, out bool present)
        {
            JsonNode? node = form;
            foreach (var segment in Segments)
            {
                node = node switch
                {
                    JsonObject o => o.TryGetPropertyValue(segment, out var child) ? child : null,
                    JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count => a[i],
                    _ => null,
                };
            }

            if (node is JsonObject or JsonArray)
            {
                throw new SalesforceMappingException($"the form's value at '{Dotted}' is {(node is JsonObject ? "an object" : "a list")}, not a single value");
            }

            present = node is not null;
            if (!present && !Optional)
            {
                throw new SalesforceMappingException($"the form has no value at '{Dotted}'");
            }

            return node?.DeepClone();
        }
    }

    /// <summary>Text with <c>{path}</c> placeholders; a placeholder with no value fails the record unless it ends in '?' (then it is empty).</summary>
    public sealed record Template(IReadOnlyList<object> Parts, string Source) : FieldExpression(Source)
    {
        public static Template Parse(string text)
        {
            var parts = new List<object>();
            var at = 0;
            while (at < text.Length)
            {
                var open = text.IndexOf('{', at);
                var close = text.IndexOf('}', at);
                if (open < 0 && close < 0)
                {
                    parts.Add(text[at..]);
                    break;
                }

                if (open < 0 || (close >= 0 && close < open))
                {
                    throw new SalesforceMappingException($"template '{text}' has a '}}' without its '{{'");
                }

                var end = text.IndexOf('}', open);
                if (end < 0)
                {
                    throw new SalesforceMappingException($"template '{text}' has a '{{' without its '}}'");
                }

                if (open > at)
                {
                    parts.Add(text[at..open]);
                }

                parts.Add(Path.Parse(text[(open + 1)..end]));
                at = end + 1;
            }

            return new Template(parts, text);
        }

        public override JsonNode? Evaluate(JsonObject form, out bool present)
        {
            var text = new StringBuilder();
            foreach (var part in Parts)
            {
                if (part is Path path)
                {
                    var value = path.Evaluate(form, out var has);
                    text.Append(has && value is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : "");
                }
                else
                {
                    text.Append((string)part);
                }
            }

            present = true;
            return JsonValue.Create(text.ToString());
        }
    }
}

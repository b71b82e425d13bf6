using System.Text.Json;
using System.Text.Json.Nodes;

namespace BridgePortal.Engine;

/// <summary>
/// A bridge's optional field mapping: a JSON object of output field → dotted input path
/// (e.g. <c>{"id": "data.id", "who": "session_id"}</c>). Without one, payloads pass unchanged.
/// </summary>
public sealed class FieldMapping
{
    private static readonly FieldMapping Identity = new([]);
    private readonly IReadOnlyList<(string Output, string[] Path)> fields;

    private FieldMapping(IReadOnlyList<(string, string[])> fields) => this.fields = fields;

    public static FieldMapping Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Identity;
        }

        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(json)
            ?? throw new JsonException("The mapping must be a JSON object of output field → input path.");
        return new([.. map.Select(kv => (kv.Key, kv.Value.Split('.', StringSplitOptions.RemoveEmptyEntries)))]);
    }

    /// <summary>Validation for the bridge form: null when fine, else the reason.</summary>
    public static string? Validate(string? json)
    {
        try
        {
            Parse(json);
            return null;
        }
        catch (JsonException e)
        {
            return "The mapping must be a JSON object of \"output field\": \"input.path\" strings: " + e.Message;
        }
    }

    public string Apply(string payload)
    {
        if (fields.Count == 0)
        {
            return payload;
        }

        var input = JsonNode.Parse(payload);
        var output = new JsonObject();
        foreach (var (name, path) in fields)
        {
            var node = input;
            foreach (var segment in path)
            {
                node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
            }

            output[name] = node?.DeepClone();
        }

        return output.ToJsonString();
    }
}

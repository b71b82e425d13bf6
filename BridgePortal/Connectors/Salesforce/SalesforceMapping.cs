using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// A bridge's Salesforce mappings: per form type (xmlns, or form name) an ordered list of upsert steps. The JSON
/// shape is written down in docs/salesforce-mappings.md. <see cref="Parse"/> checks everything that can be checked
/// without a form, with a message naming the form type, step and field.
/// </summary>
public sealed partial class SalesforceMapping
{
    private readonly Dictionary<string, IReadOnlyList<MappingStep>> formTypes;

    private SalesforceMapping(Dictionary<string, IReadOnlyList<MappingStep>> formTypes) => this.formTypes = formTypes;

    public static SalesforceMapping Empty { get; } = new(new Dictionary<string, IReadOnlyList<MappingStep>>(StringComparer.Ordinal));

    public IReadOnlyCollection<string> FormTypes => formTypes.Keys;

    /// <summary>The steps of a form type, in an order where each step comes after the steps it depends on; null when unmapped.</summary>
    public IReadOnlyList<MappingStep>? Steps(string formType) => formTypes.GetValueOrDefault(formType);

    public static SalesforceMapping Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new SalesforceMappingException($"The mapping is not valid JSON: {e.Message}");
        }

        if (root is not JsonObject types)
        {
            throw new SalesforceMappingException("The mapping is a JSON object of form type (xmlns or form name) → list of steps.");
        }

        var parsed = new Dictionary<string, IReadOnlyList<MappingStep>>(StringComparer.Ordinal);
        foreach (var (formType, node) in types)
        {
            if (node is not JsonArray { Count: > 0 } steps)
            {
                throw new SalesforceMappingException($"Form type '{formType}': the value is a non-empty list of steps.");
            }

            parsed[formType] = Ordered(formType, [.. steps.Select((s, i) => ParseStep(formType, i, s))]);
        }

        return new SalesforceMapping(parsed);
    }

    /// <summary>Null when <paramref name="json"/> is a valid mapping, else the reason.</summary>
    public static string? Validate(string? json)
    {
        try
        {
            Parse(json);
            return null;
        }
        catch (SalesforceMappingException e)
        {
            return e.Message;
        }
    }

    private static MappingStep ParseStep(string formType, int index, JsonNode? node)
    {
        var where = $"Form type '{formType}', step {index + 1}";
        if (node is not JsonObject step)
        {
            throw new SalesforceMappingException($"{where}: a step is an object with name, object, externalIdField and fields.");
        }

        var known = new[] { "name", "object", "externalIdField", "fields", "references", "dependsOn" };
        if (step.Select(p => p.Key).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new SalesforceMappingException($"{where}: unknown key '{unknown}' (a step has {string.Join(", ", known)}).");
        }

        var name = Text(step["name"]) ?? throw new SalesforceMappingException($"{where}: 'name' is required (other steps refer to it).");
        where = $"Form type '{formType}', step '{name}'";
        var sobject = ApiName(Text(step["object"]), where, "object", "e.g. Household__c");
        var externalIdField = ApiName(Text(step["externalIdField"]), where, "externalIdField", "e.g. Household_Ext_Id__c");
        if (step["fields"] is not JsonObject fieldsNode || fieldsNode.Count == 0)
        {
            throw new SalesforceMappingException($"{where}: 'fields' is an object of Salesforce field → value (path, =constant or {{template}}).");
        }

        var fields = new List<(string, FieldExpression)>();
        foreach (var (field, value) in fieldsNode)
        {
            ApiName(field, where, $"field '{field}'", "a Salesforce field API name");
            try
            {
                fields.Add((field, FieldExpression.Parse(value)));
            }
            catch (SalesforceMappingException e)
            {
                throw new SalesforceMappingException($"{where}, field {field}: {e.Message}.");
            }
        }

        if (!fields.Any(f => string.Equals(f.Item1, externalIdField, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SalesforceMappingException($"{where}: 'fields' must give the external id field {externalIdField} (the key the record is upserted by).");
        }

        var references = new List<MappingReference>();
        if (step["references"] is JsonObject refs)
        {
            foreach (var (relationship, value) in refs)
            {
                ApiName(relationship, where, $"reference '{relationship}'", "a relationship name, e.g. Household__r");
                references.Add(ParseReference(where, relationship, value));
            }
        }
        else if (step["references"] is not null)
        {
            throw new SalesforceMappingException($"{where}: 'references' is an object of relationship name → {{\"fromStep\": \"…\"}} or {{\"externalIdField\": \"…\", \"value\": \"…\"}}.");
        }

        var dependsOn = new List<string>();
        if (step["dependsOn"] is JsonArray deps)
        {
            dependsOn.AddRange(deps.Select(d => Text(d) ?? throw new SalesforceMappingException($"{where}: 'dependsOn' is a list of step names.")));
        }
        else if (step["dependsOn"] is not null)
        {
            throw new SalesforceMappingException($"{where}: 'dependsOn' is a list of step names.");
        }

        dependsOn.AddRange(references.Select(r => r.FromStep).OfType<string>());
        return new MappingStep(name, sobject, externalIdField, fields, references, [.. dependsOn.Distinct(StringComparer.Ordinal)]);
    }

    private static MappingReference ParseReference(string where, string relationship, JsonNode? node)
    {
        where = $"{where}, reference {relationship}";
        if (node is not JsonObject reference)
        {
            throw new SalesforceMappingException($"{where}: a reference is {{\"fromStep\": \"<step name>\"}} or {{\"externalIdField\": \"…\", \"value\": \"<path>\"}}.");
        }

        if (Text(reference["fromStep"]) is { } fromStep)
        {
            return new MappingReference(relationship, fromStep, null, null, null);
        }

        var field = ApiName(Text(reference["externalIdField"]), where, "externalIdField", "the parent's external id field, or give 'fromStep'");
        FieldExpression value;
        try
        {
            value = FieldExpression.Parse(reference["value"] ?? throw new SalesforceMappingException("'value' is required (the parent's external id: a path, =constant or {template})"));
        }
        catch (SalesforceMappingException e)
        {
            throw new SalesforceMappingException($"{where}: {e.Message}.");
        }

        var sobject = Text(reference["object"]) is { } o ? ApiName(o, where, "object", "the parent object, e.g. Household__c") : null;
        return new MappingReference(relationship, null, field, value, sobject);
    }

    /// <summary>Steps in dependency order (declaration order among independent steps); unknown names and cycles are refused.</summary>
    private static List<MappingStep> Ordered(string formType, List<MappingStep> steps)
    {
        var byName = new Dictionary<string, MappingStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!byName.TryAdd(step.Name, step))
            {
                throw new SalesforceMappingException($"Form type '{formType}': two steps are named '{step.Name}'.");
            }
        }

        foreach (var step in steps)
        {
            if (step.DependsOn.FirstOrDefault(d => !byName.ContainsKey(d)) is { } missing)
            {
                throw new SalesforceMappingException($"Form type '{formType}', step '{step.Name}': it depends on '{missing}', which is no step of this form type.");
            }

            if (step.DependsOn.Contains(step.Name))
            {
                throw new SalesforceMappingException($"Form type '{formType}', step '{step.Name}': a step cannot depend on itself.");
            }
        }

        var ordered = new List<MappingStep>(steps.Count);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < steps.Count)
        {
            var next = steps.FirstOrDefault(s => !done.Contains(s.Name) && s.DependsOn.All(done.Contains))
                ?? throw new SalesforceMappingException($"Form type '{formType}': the steps {string.Join(", ", steps.Where(s => !done.Contains(s.Name)).Select(s => $"'{s.Name}'"))} depend on each other in a cycle.");
            ordered.Add(next);
            done.Add(next.Name);
        }

        return ordered;
    }

    private static string ApiName(string? name, string where, string what, string example) =>
        name is not null && ApiNamePattern().IsMatch(name)
            ? name
            : throw new SalesforceMappingException(name is null
                ? $"{where}: '{what}' is required ({example})."
                : $"{where}: {what} '{name}' is not a Salesforce API name (letters, digits and underscores; {example}).");

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } s ? s : null;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex ApiNamePattern();
}

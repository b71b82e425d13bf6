using System.Text.Json;
using System.Text.Json.Nodes;
using static BridgePortal.Connectors.CommCare.Cases.CaseMappingFields;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>
/// The sink's mapping setting: a JSON object of Salesforce object type → <see cref="CaseMapping"/>. Parsing reports every
/// problem with its path (e.g. <c>Training_Session__c.indices.parent: "caseType" is required</c>).
/// </summary>
public sealed class CaseMappings
{
    private static readonly string[] MappingKeys = ["caseType", "caseName", "ownerId", "ownerField", "caseIdField", "properties", "indices"];
    private static readonly string[] IndexKeys = ["caseType", "field", "caseIdField", "relationship"];

    // Set by the sink itself (the case block's attributes and create block, and external_id = the Salesforce Id).
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "case_id", "case_type", "case_name", "owner_id", "user_id", "date_modified", "external_id", "create", "update", "index", "close", "attachment",
    };

    private readonly Dictionary<string, CaseMapping> byType;
    private readonly Dictionary<string, int> ranks;

    private CaseMappings(Dictionary<string, CaseMapping> byType)
    {
        this.byType = byType;
        ranks = byType.Keys.ToDictionary(t => t, t => Rank(t, []), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<CaseMapping> All => byType.Values;

    public CaseMapping? For(string objectType) => byType.GetValueOrDefault(objectType);

    /// <summary>0 for a type whose cases reference no mapped case type; otherwise 1 + the rank of what they reference (cycles cut).</summary>
    public int RankOf(string objectType) => ranks.GetValueOrDefault(objectType);

    /// <summary>The mappings, or every problem found (nothing half-parsed).</summary>
    public static (CaseMappings? Mappings, IReadOnlyList<string> Errors) Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, ["Case mappings are required: a JSON object of Salesforce object type → mapping, e.g. {\"Participant__c\": {\"caseType\": \"participant\", …}}."]);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return (null, [$"Case mappings are not valid JSON: {e.Message}"]);
        }

        if (root is not JsonObject types || types.Count == 0)
        {
            return (null, ["Case mappings must be a JSON object with at least one Salesforce object type, e.g. {\"Participant__c\": {\"caseType\": \"participant\", …}}."]);
        }

        var errors = new List<string>();
        var mappings = new Dictionary<string, CaseMapping>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, node) in types)
        {
            if (!ApiName().IsMatch(type))
            {
                errors.Add($"'{type}' is not a Salesforce object API name (letters, digits and _, e.g. Participant__c).");
            }
            else if (mappings.ContainsKey(type))
            {
                errors.Add($"'{type}' is mapped twice.");
            }
            else if (ParseOne(type, node, errors) is { } mapping)
            {
                mappings[type] = mapping;
            }
        }

        return errors.Count > 0 ? (null, errors) : (new CaseMappings(mappings), []);
    }

    private static CaseMapping? ParseOne(string type, JsonNode? node, List<string> errors)
    {
        if (node is not JsonObject o)
        {
            errors.Add($"{type}: must be an object with caseType, caseName, ownerId or ownerField, properties and indices.");
            return null;
        }

        var before = errors.Count;
        Unknown(type, o, MappingKeys, errors);
        var caseType = CaseType(type, o, errors);
        var caseName = Path(type, o, "caseName", required: true, errors);
        var ownerId = Text(type, o, "ownerId", errors);
        var ownerField = Path(type, o, "ownerField", required: false, errors);
        if (ownerId is null && ownerField is null && !o.ContainsKey("ownerId") && !o.ContainsKey("ownerField"))
        {
            errors.Add($"{type}: set \"ownerId\" (a CommCare user, group or location id) or \"ownerField\" (a field holding one).");
        }

        var caseIdField = Path(type, o, "caseIdField", required: false, errors);
        var properties = new List<KeyValuePair<string, string>>();
        if (o["properties"] is JsonObject props)
        {
            foreach (var (property, field) in props)
            {
                if (!XmlName().IsMatch(property) || property.StartsWith("xml", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{type}.properties: '{property}' is not a case property name (a letter or _, then letters, digits, _ or -).");
                }
                else if (Reserved.Contains(property))
                {
                    errors.Add($"{type}.properties: '{property}' is set by the sink itself (case id, type, name, owner, external_id = the Salesforce Id); choose another name.");
                }
                else if (field is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !FieldPath().IsMatch(v.GetValue<string>()))
                {
                    errors.Add($"{type}.properties.{property}: must be a field path string, e.g. \"First_Name__c\" or \"Training_Group__r.Name\".");
                }
                else
                {
                    properties.Add(new(property, v.GetValue<string>()));
                }
            }
        }
        else if (o.ContainsKey("properties"))
        {
            errors.Add($"{type}.properties: must be an object of case property → field path.");
        }

        var indices = new List<CaseIndexMapping>();
        if (o["indices"] is JsonObject indexNodes)
        {
            foreach (var (name, indexNode) in indexNodes)
            {
                if (ParseIndex($"{type}.indices.{name}", name, indexNode, errors) is { } index)
                {
                    indices.Add(index);
                }
            }
        }
        else if (o.ContainsKey("indices"))
        {
            errors.Add($"{type}.indices: must be an object of index name (e.g. parent) → {{caseType, field}}.");
        }

        return errors.Count == before ? new CaseMapping(type, caseType!, caseName!, ownerId, ownerField, caseIdField, properties, indices) : null;
    }

    private static CaseIndexMapping? ParseIndex(string at, string name, JsonNode? node, List<string> errors)
    {
        if (!XmlName().IsMatch(name) || name.StartsWith("xml", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{at}: '{name}' is not an index name (a letter or _, then letters, digits, _ or -; usually 'parent' or 'host').");
            return null;
        }

        if (node is not JsonObject o)
        {
            errors.Add($"{at}: must be an object like {{\"caseType\": \"training_group\", \"field\": \"Training_Group__c\"}}.");
            return null;
        }

        var before = errors.Count;
        Unknown(at, o, IndexKeys, errors);
        var caseType = CaseType(at, o, errors);
        var field = Path(at, o, "field", required: false, errors);
        var caseIdField = Path(at, o, "caseIdField", required: false, errors);
        if ((field is null) == (caseIdField is null) && errors.Count == before)
        {
            errors.Add($"{at}: set exactly one of \"field\" (holds the other record's Salesforce Id) or \"caseIdField\" (holds its case id).");
        }

        var relationship = Text(at, o, "relationship", errors) ?? "child";
        if (relationship is not ("child" or "extension"))
        {
            errors.Add($"{at}.relationship: must be \"child\" (the default) or \"extension\", not '{relationship}'.");
        }

        return errors.Count == before ? new CaseIndexMapping(name, caseType!, field, caseIdField, relationship) : null;
    }

    private int Rank(string type, HashSet<string> visiting)
    {
        if (!visiting.Add(type))
        {
            return 0;
        }

        var mapping = byType[type];
        var rank = mapping.Indices
            .SelectMany(i => byType.Values.Where(m => m.CaseType == i.CaseType && !string.Equals(m.ObjectType, type, StringComparison.OrdinalIgnoreCase)))
            .Select(parent => Rank(parent.ObjectType, visiting) + 1)
            .DefaultIfEmpty(0)
            .Max();
        visiting.Remove(type);
        return rank;
    }
}

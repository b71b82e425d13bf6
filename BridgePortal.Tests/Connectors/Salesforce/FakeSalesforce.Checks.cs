using System.Text.Json.Nodes;

namespace BridgePortal.Tests.Connectors.Salesforce;

// The per-record checks of an upsert: lookups to existing parents, required fields, validation rules.
public sealed partial class FakeSalesforce
{
    /// <summary>Checks one record (under the lock); returns its error, or the fields to write with lookups resolved.</summary>
    private (string? Error, string? Code, string[] Fields, string Key, JsonObject Values) Check(
        JsonObject? record, string sobject, string externalIdField, string? key, HashSet<string> duplicates, Dictionary<string, FakeSObject> table)
    {
        if (record is null)
        {
            return ("Each record must be a JSON object", "INVALID_FIELD", [], "", []);
        }

        if ((record["attributes"] as JsonObject)?["type"]?.ToString() is not { } type)
        {
            return ("Must send a concrete entity type.", "INVALID_TYPE", [], "", []);
        }

        if (!string.Equals(type, sobject, StringComparison.OrdinalIgnoreCase))
        {
            return ($"Record type {type} does not match the URL's sObject {sobject}", "INVALID_TYPE", [], "", []);
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return ($"{externalIdField} not specified", "MISSING_ARGUMENT", [externalIdField], "", []);
        }

        if (duplicates.Contains(key))
        {
            return ($"Duplicate external id specified: {key}", "DUPLICATE_VALUE", [externalIdField], key, []);
        }

        var values = new JsonObject();
        foreach (var (field, value) in record)
        {
            if (field == "attributes")
            {
                continue;
            }

            if (value is JsonObject lookup)
            {
                var (keyField, keyValue) = lookup.Where(p => p.Key != "attributes").Select(p => (p.Key, p.Value?.ToString())).FirstOrDefault();
                var parent = tables.Values.SelectMany(t => t.Values).FirstOrDefault(r => string.Equals(r[keyField], keyValue, StringComparison.OrdinalIgnoreCase));
                if (parent is null)
                {
                    var entity = (lookup["attributes"] as JsonObject)?["type"]?.ToString() ?? field;
                    return ($"Foreign key external ID: {keyValue} not found for field {keyField} in entity {entity}", "INVALID_FIELD", [], key, []);
                }

                values[field.EndsWith("__r", StringComparison.Ordinal) ? field[..^3] + "__c" : field + "Id"] = parent.Id;
                continue;
            }

            values[field] = value?.DeepClone();
        }

        foreach (var rule in rules.Where(r => string.Equals(r.Object, sobject, StringComparison.OrdinalIgnoreCase)))
        {
            if (values[rule.Field] is JsonValue v && v.ToString() == rule.Value)
            {
                return (rule.Message, "FIELD_CUSTOM_VALIDATION_EXCEPTION", [], key, []);
            }
        }

        if (!table.ContainsKey(key))
        {
            var missing = required.Where(r => string.Equals(r.Object, sobject, StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(values[r.Field]?.ToString()))
                .Select(r => r.Field).ToArray();
            if (missing.Length > 0)
            {
                return ($"Required fields are missing: [{string.Join(", ", missing)}]", "REQUIRED_FIELD_MISSING", missing, key, []);
            }
        }

        return (null, null, [], key, values);
    }
}

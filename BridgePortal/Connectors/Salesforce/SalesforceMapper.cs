using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.CommCare;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>Turns a forwarded CommCare form into the Salesforce records of its form type's steps. Pure: no I/O.</summary>
public static class SalesforceMapper
{
    public const string UnroutedPrefix = "Unrouted: ";

    public static string UnroutedMessage(string formType) => $"{UnroutedPrefix}no mapping for form type '{formType}'";

    /// <summary>
    /// Maps one form (CommCare's forwarded JSON); <see cref="SalesforceMappingException"/> names the step and field when
    /// the form lacks a required value, <see cref="FormatException"/> when the payload is not a CommCare form.
    /// </summary>
    public static MappedForm Map(SalesforceMapping mapping, string payload)
    {
        var form = CommCareForm.Parse(payload);
        var type = FormTypeOf(mapping, form);
        var steps = mapping.Steps(type);
        if (steps is null)
        {
            return new MappedForm(type, null);
        }

        var mapped = new Dictionary<string, MappedStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            mapped[step.Name] = MapStep(step, form.Root, mapped);
        }

        return new MappedForm(type, [.. steps.Select(s => mapped[s.Name])]);
    }

    /// <summary>The key the form routes by: its xmlns when mapped, else its form name when that is mapped, else its xmlns (or name).</summary>
    public static string FormTypeOf(SalesforceMapping mapping, CommCareForm form) =>
        form.Xmlns is { } xmlns && mapping.Steps(xmlns) is not null ? xmlns
        : form.Name is { } name && mapping.Steps(name) is not null ? name
        : form.FormType;

    private static MappedStep MapStep(MappingStep step, JsonObject form, Dictionary<string, MappedStep> earlier)
    {
        var record = new JsonObject { ["attributes"] = new JsonObject { ["type"] = step.Object } };
        string? externalId = null;
        foreach (var (field, expression) in step.Fields)
        {
            var value = Evaluate(step, field, expression, form, out var present);
            if (string.Equals(field, step.ExternalIdField, StringComparison.OrdinalIgnoreCase))
            {
                externalId = value is JsonValue v && (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) is { } text && text.Trim().Length > 0
                    ? text.Trim()
                    : throw new SalesforceMappingException($"Step '{step.Name}' ({step.Object}): the external id {field} is empty ('{expression.Text}').");
                value = JsonValue.Create(externalId);
            }

            if (present)
            {
                record[field] = value;
            }
        }

        foreach (var reference in step.References)
        {
            string parentKeyField;
            JsonNode? parentKey;
            if (reference.FromStep is { } from)
            {
                var parent = earlier[from];
                (parentKeyField, parentKey) = (parent.ExternalIdField, JsonValue.Create(parent.ExternalId));
            }
            else
            {
                parentKeyField = reference.ExternalIdField!;
                parentKey = Evaluate(step, reference.Relationship, reference.Value!, form, out var present);
                if (!present || parentKey is null || (parentKey is JsonValue pv && pv.GetValueKind() == JsonValueKind.String && pv.GetValue<string>().Trim().Length == 0))
                {
                    continue; // an optional parent that the form does not name: the lookup is left as it is
                }
            }

            var lookup = new JsonObject();
            if (reference.Object is { } parentObject)
            {
                lookup["attributes"] = new JsonObject { ["type"] = parentObject };
            }

            lookup[parentKeyField] = parentKey;
            record[reference.Relationship] = lookup;
        }

        return new MappedStep(step.Name, step.Object, step.ExternalIdField, externalId!, record, step.DependsOn);
    }

    private static JsonNode? Evaluate(MappingStep step, string field, FieldExpression expression, JsonObject form, out bool present)
    {
        try
        {
            return expression.Evaluate(form, out present);
        }
        catch (SalesforceMappingException e)
        {
            throw new SalesforceMappingException($"Step '{step.Name}' ({step.Object}), field {field}: {e.Message}.");
        }
    }
}

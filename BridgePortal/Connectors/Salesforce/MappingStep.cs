namespace BridgePortal.Connectors.Salesforce;

/// <summary>One upsert of one Salesforce object by its external id field.</summary>
public sealed record MappingStep(
    string Name, string Object, string ExternalIdField, IReadOnlyList<(string Field, FieldExpression Value)> Fields,
    IReadOnlyList<MappingReference> References, IReadOnlyList<string> DependsOn);

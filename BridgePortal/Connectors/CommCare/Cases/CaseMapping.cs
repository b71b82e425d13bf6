namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>How records of one Salesforce object type become CommCare cases.</summary>
/// <param name="CaseNameField">Dotted field path of the case name.</param>
/// <param name="OwnerId">The owner when <paramref name="OwnerField"/> is unset or empty on a record.</param>
/// <param name="CaseIdField">A field holding the case id itself; unset = UUID v5 of the Salesforce Id.</param>
/// <param name="Properties">Case property → dotted field path, in order.</param>
public sealed record CaseMapping(
    string ObjectType,
    string CaseType,
    string CaseNameField,
    string? OwnerId,
    string? OwnerField,
    string? CaseIdField,
    IReadOnlyList<KeyValuePair<string, string>> Properties,
    IReadOnlyList<CaseIndexMapping> Indices);

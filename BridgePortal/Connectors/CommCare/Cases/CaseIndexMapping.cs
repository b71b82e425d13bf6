namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>
/// An index (case reference) from the record's case to another case: <paramref name="IdField"/> holds the other record's
/// Salesforce Id (its case id is derived the same way), or <paramref name="CaseIdField"/> holds the case id itself.
/// </summary>
public sealed record CaseIndexMapping(string Name, string CaseType, string? IdField, string? CaseIdField, string Relationship);

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// A lookup set by the parent's external id (<c>"Household__r": {"Household_Ext_Id__c": "H-1"}</c>): the parent is the
/// record of step <see cref="FromStep"/>, or any record given by <see cref="ExternalIdField"/> and <see cref="Value"/>.
/// </summary>
public sealed record MappingReference(string Relationship, string? FromStep, string? ExternalIdField, FieldExpression? Value, string? Object);

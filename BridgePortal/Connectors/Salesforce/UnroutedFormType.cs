namespace BridgePortal.Connectors.Salesforce;

/// <summary>A form type no mapping routes: how many of the bridge's records wait for one, and whether one exists now.</summary>
public sealed record UnroutedFormType(string FormType, int Count, bool MappedNow);

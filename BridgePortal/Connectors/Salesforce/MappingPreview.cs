namespace BridgePortal.Connectors.Salesforce;

/// <summary>What a mapping makes of a sample form: the records per step, or the precise reason it cannot.</summary>
public sealed record MappingPreview(string? FormType, IReadOnlyList<MappedStep> Steps, string? Error);

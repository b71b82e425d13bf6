namespace BridgePortal.Connectors.Salesforce;

/// <summary>What a form maps to: its form type and the steps in dependency order (null when no mapping routes it).</summary>
public sealed record MappedForm(string FormType, IReadOnlyList<MappedStep>? Steps)
{
    public bool Routed => Steps is not null;
}

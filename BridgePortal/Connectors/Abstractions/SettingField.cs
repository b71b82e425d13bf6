namespace BridgePortal.Connectors.Abstractions;

/// <summary>How a setting is entered: free text, a yes/no switch, or one of fixed choices (a select).</summary>
public enum SettingType
{
    Text,
    YesNo,
    Choice,
}

/// <summary>One value of a <see cref="SettingType.Choice"/> field; <paramref name="Aliases"/> are older spellings still read.</summary>
public sealed record SettingChoice(string Value, string Label, params string[] Aliases)
{
    public bool Matches(string value) =>
        string.Equals(Value, value, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}

/// <param name="FromCatalog">The value is picked from the connection's <see cref="IConnectionCatalog"/> (e.g. a Kobo project uid).</param>
/// <param name="Validate">Why a non-empty value is refused when a bridge is saved, or null when it is fine (source fields).</param>
/// <param name="Type">Text, yes/no or choice; yes/no and choice values are checked and stored canonical (<see cref="Problem"/>, <see cref="Canonical"/>).</param>
/// <param name="Choices">The values of a <see cref="SettingType.Choice"/> field, the first being the default.</param>
/// <param name="DefaultYes">What an empty <see cref="SettingType.YesNo"/> field means.</param>
public sealed record SettingField(
    string Name, string Label, bool Secret = false, bool Required = false, bool Multiline = false, string? Help = null, bool FromCatalog = false,
    Func<string, string?>? Validate = null, SettingType Type = SettingType.Text, IReadOnlyList<SettingChoice>? Choices = null, bool DefaultYes = false)
{
    public static SettingField YesNo(string name, string label, bool defaultYes, string? help = null) =>
        new(name, label, Help: help, Type: SettingType.YesNo, DefaultYes: defaultYes);

    public static SettingField Choice(string name, string label, IReadOnlyList<SettingChoice> choices, string? help = null) =>
        new(name, label, Help: help, Type: SettingType.Choice, Choices: choices);

    /// <summary>Why a non-empty value does not fit the field's type, or null when it does (free text always fits).</summary>
    public string? Problem(string value) => Type switch
    {
        SettingType.YesNo when SettingValues.ParseYesNo(value) is null => $"{Label} is yes or no (not '{value.Trim()}').",
        SettingType.Choice when Find(value) is null => $"{Label} is one of {string.Join(", ", (Choices ?? []).Select(c => $"'{c.Value}'"))} (not '{value.Trim()}').",
        _ => null,
    };

    /// <summary>The value as stored: "true"/"false" for yes/no, the choice's own spelling, trimmed text; a bad value stays as typed.</summary>
    public string Canonical(string? value)
    {
        var trimmed = value?.Trim() ?? "";
        return trimmed.Length == 0 ? ""
            : Type == SettingType.YesNo && SettingValues.ParseYesNo(trimmed) is { } yes ? (yes ? "true" : "false")
            : Type == SettingType.Choice && Find(trimmed) is { } choice ? choice.Value
            : trimmed;
    }

    /// <summary>What a yes/no field's stored value means (empty or unreadable: the default).</summary>
    public bool IsYes(string? value) => SettingValues.ParseYesNo(value) ?? DefaultYes;

    /// <summary>The choice a stored value names (empty or unreadable: the first, which is the default).</summary>
    public string ChoiceOf(string? value) => (value is null ? null : Find(value))?.Value ?? Choices?.FirstOrDefault()?.Value ?? "";

    private SettingChoice? Find(string value) => Choices?.FirstOrDefault(c => c.Matches(value.Trim()));
}

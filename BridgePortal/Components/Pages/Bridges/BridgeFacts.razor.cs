using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>
/// What the bridge page says about its ends: the connections by name and kind (never their settings: those stay
/// with their owner) and the sink's own settings, e.g. an Http sink's path.
/// </summary>
public sealed partial class BridgeFacts
{
    // Connections are their owner's (and, by name and kind, Admins'): a Viewer reads the kind only.
    private string ConnectionText(Guid? id) =>
        id is null ? "none"
        : !ConnectionNames.TryGetValue(id.Value, out var c) ? "deleted"
        : Editable ? $"{c.Name} ({Registry.ConnectionKind(c.Kind).DisplayName})"
        : $"a {Registry.ConnectionKind(c.Kind).DisplayName} connection";

    /// <summary>The sink settings this bridge sets, as "Label: value" (choices by their label; long text by its size).</summary>
    private IEnumerable<string> SinkSettingLines()
    {
        if (!Registry.HasSink(Bridge.SinkKind))
        {
            yield break;
        }

        var settings = SettingsJson.Read(Bridge.SinkSettingsJson);
        foreach (var field in Registry.Sink(Bridge.SinkKind).SettingsFields.Where(f => !f.Secret))
        {
            var value = settings.GetValueOrDefault(field.Name);
            if (field.Type == SettingType.YesNo)
            {
                yield return $"{field.Label}: {(field.IsYes(value) ? "yes" : "no")}";
            }
            else if (field.Type == SettingType.Choice)
            {
                var choice = field.ChoiceOf(value);
                yield return $"{field.Label}: {field.Choices?.FirstOrDefault(c => c.Value == choice)?.Label ?? choice}";
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                yield return field.Multiline || value.Length > 120 ? $"{field.Label}: set ({value.Split('\n').Length} line(s))" : $"{field.Label}: {value}";
            }
        }
    }
}

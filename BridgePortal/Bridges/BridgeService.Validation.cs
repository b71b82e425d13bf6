using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Engine;

namespace BridgePortal.Bridges;

/// <summary>The bridge form's checks: source and sink kinds and settings, connections, retries, protection and mapping.</summary>
public sealed partial class BridgeService
{
    private async Task<Dictionary<string, string>> ValidateAsync(Actor actor, BridgeDraft draft, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors["Name"] = "Name is required.";
        }

        var source = registry.FindSource(draft.SourceKind);
        if (source is null)
        {
            errors["SourceKind"] = $"Unknown source '{draft.SourceKind}'.";
        }
        else
        {
            SettingValues.Canonicalize(source.SettingsFields, draft.SourceSettings);
            foreach (var (field, error) in SourceSettingsValidation.Errors(source.SettingsFields, draft.SourceSettings, draft.SourceSecrets))
            {
                errors[field] = error;
            }

            if (BodyLimits.Validate(draft.SourceSettings) is { } bodyLimitError)
            {
                errors[BodyLimits.Setting] = bodyLimitError;
            }

            if (registry.Poller(source.Kind) is not null && PollSettings.Validate(draft.SourceSettings) is { } pollError)
            {
                errors[PollSettings.IntervalMinutes] = pollError;
            }

            if (source.ConnectionKind is { } sourceConnectionKind && !(source.ConnectionOptional && draft.SourceConnectionId is null))
            {
                await CheckConnectionAsync(actor, draft.SourceConnectionId, sourceConnectionKind, "SourceConnectionId", errors, cancellationToken);
            }
        }

        if (!registry.HasSink(draft.SinkKind))
        {
            errors["SinkKind"] = $"Unknown sink '{draft.SinkKind}'.";
        }
        else
        {
            var sink = registry.Sink(draft.SinkKind);
            foreach (var field in sink.SettingsFields.Where(f => f.Required && !f.Secret && string.IsNullOrWhiteSpace(draft.SinkSettings.GetValueOrDefault(f.Name))))
            {
                errors[field.Name] = $"{field.Label} is required.";
            }

            SettingValues.Canonicalize(sink.SettingsFields, draft.SinkSettings);
            foreach (var (field, error) in sink.ValidateSettings(draft.SinkSettings).Select(kv => (kv.Key, kv.Value)).Concat(SettingValues.TypeErrors(sink.SettingsFields, draft.SinkSettings)))
            {
                errors.TryAdd(field, error);
            }

            if (sink.ConnectionKind is { } sinkConnectionKind)
            {
                await CheckConnectionAsync(actor, draft.SinkConnectionId, sinkConnectionKind, "SinkConnectionId", errors, cancellationToken);
            }
        }

        if (draft.MaxRetries is < 0 or > 10)
        {
            errors["MaxRetries"] = "Retries must be between 0 and 10.";
        }

        draft.Protection?.Validate(errors);

        if (FieldMapping.Validate(draft.MappingJson) is { } mappingError)
        {
            errors["MappingJson"] = mappingError;
        }

        return errors;
    }
}

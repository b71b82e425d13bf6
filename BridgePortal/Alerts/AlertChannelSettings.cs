using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using BridgePortal.Alerts.Channels;
using BridgePortal.Data.Model.Alerts;

namespace BridgePortal.Alerts;

/// <summary>A channel's settings: checked by their data annotations, and shown as one target line.</summary>
internal static class AlertChannelSettings
{
    public static Dictionary<string, string> Validate(object? settings)
    {
        if (settings is null)
        {
            return new() { ["Settings"] = "Settings are required." };
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames.Select(m => (m, r.ErrorMessage ?? "Invalid."))).DistinctBy(e => e.m).ToDictionary(e => e.m, e => e.Item2);
    }

    public static string Target(AlertChannel channel) => channel.Kind == AlertChannelKind.Email
        ? JsonSerializer.Deserialize<EmailChannelSettings>(channel.SettingsJson) is { } e ? $"{e.To} via {e.Host}:{e.Port}" : ""
        : JsonSerializer.Deserialize<WebhookChannelSettings>(channel.SettingsJson)?.Url ?? "";
}

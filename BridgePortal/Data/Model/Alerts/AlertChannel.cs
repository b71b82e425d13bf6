namespace BridgePortal.Data.Model.Alerts;

/// <summary>Where alerts go: an SMTP mailbox or a webhook. The secret (SMTP password, HMAC key) is encrypted.</summary>
public sealed class AlertChannel
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public AlertChannelKind Kind { get; set; }

    /// <summary>Non-secret settings as JSON (see <c>EmailChannelSettings</c>, <c>WebhookChannelSettings</c>).</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>SMTP password or webhook signing secret, protected with <c>SecretProtector</c>; never displayed back.</summary>
    public string? ProtectedSecret { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum AlertChannelKind
{
    Email,
    Webhook,
}

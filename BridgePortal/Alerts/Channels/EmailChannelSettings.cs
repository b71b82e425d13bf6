using System.ComponentModel.DataAnnotations;

namespace BridgePortal.Alerts.Channels;

/// <summary>An e-mail channel's non-secret settings; the SMTP password is the channel's secret.</summary>
public sealed class EmailChannelSettings
{
    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>StartTls</c> (required), <c>SslOnConnect</c> (port 465) or <c>None</c>.</summary>
    public string Security { get; set; } = "Auto";

    public string? Username { get; set; }

    [Required]
    [EmailAddress]
    public string From { get; set; } = "";

    /// <summary>Recipients, separated by commas or semicolons.</summary>
    [Required]
    public string To { get; set; } = "";
}

/// <summary>A webhook channel's settings; the optional signing secret is the channel's secret.</summary>
public sealed class WebhookChannelSettings
{
    [Required]
    [Url]
    public string Url { get; set; } = "";
}

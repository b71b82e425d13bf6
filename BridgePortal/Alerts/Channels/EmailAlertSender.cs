using System.Text.Json;
using BridgePortal.Data.Model.Alerts;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace BridgePortal.Alerts.Channels;

/// <summary>Alert e-mail through SMTP (MailKit), plain text.</summary>
public sealed class EmailAlertSender : IAlertSender
{
    public AlertChannelKind Kind => AlertChannelKind.Email;

    public async Task SendAsync(AlertChannel channel, string? secret, AlertMessage message, CancellationToken cancellationToken)
    {
        var settings = JsonSerializer.Deserialize<EmailChannelSettings>(channel.SettingsJson) ?? throw new InvalidOperationException("The e-mail channel has no settings.");
        var mail = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = Body(message) } };
        mail.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in settings.To.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }

        using var smtp = new SmtpClient { Timeout = 30_000 };
        await smtp.ConnectAsync(settings.Host, settings.Port, Security(settings.Security), cancellationToken);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await smtp.AuthenticateAsync(settings.Username, secret ?? "", cancellationToken);
        }

        await smtp.SendAsync(mail, cancellationToken);
        await smtp.DisconnectAsync(true, cancellationToken);
    }

    private static SecureSocketOptions Security(string value) => value switch
    {
        "None" => SecureSocketOptions.None,
        "StartTls" => SecureSocketOptions.StartTls,
        "SslOnConnect" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    private static string Body(AlertMessage m) => $"""
        {m.Text}

        Rule: {m.RuleName} ({m.RuleKind})
        Bridge: {m.BridgeId?.ToString() ?? "-"}
        Incident: #{m.IncidentId}, {m.Status}
        """;
}

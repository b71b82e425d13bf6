using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BridgePortal.Data.Model.Alerts;

namespace BridgePortal.Alerts.Channels;

/// <summary>
/// Alert as a JSON POST. <c>text</c> makes it readable as-is by Slack incoming webhooks and ntfy; with a
/// secret, <c>X-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c> (as the Http sink signs).
/// </summary>
public sealed class WebhookAlertSender(IHttpClientFactory clients) : IAlertSender
{
    public const string ClientName = "alerts";

    public AlertChannelKind Kind => AlertChannelKind.Webhook;

    public async Task SendAsync(AlertChannel channel, string? secret, AlertMessage message, CancellationToken cancellationToken)
    {
        var settings = JsonSerializer.Deserialize<WebhookChannelSettings>(channel.SettingsJson) ?? throw new InvalidOperationException("The webhook channel has no settings.");
        var body = JsonSerializer.Serialize(new
        {
            text = $"{message.Subject}\n{message.Text}",
            status = message.Status,
            incidentId = message.IncidentId,
            rule = message.RuleName,
            kind = message.RuleKind,
            bridgeId = message.BridgeId,
            summary = message.Summary,
            openedAt = message.OpenedAt,
            resolvedAt = message.ResolvedAt,
        }, JsonSerializerOptions.Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-BridgePortal-Event", "alert." + message.Status);
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.Add("X-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        }

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The webhook answered HTTP {(int)response.StatusCode}.");
        }
    }
}

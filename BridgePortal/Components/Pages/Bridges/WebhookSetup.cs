using BridgePortal.Connectors.CommCare;
using BridgePortal.Connectors.Kobo;
using BridgePortal.Connectors.Salesforce;
using BridgePortal.Connectors.Taiga;
using BridgePortal.Connectors.GitHub;
using BridgePortal.Connectors.Sheets;
using BridgePortal.Connectors.StandardWebhooks;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>
/// What to enter on the sender's side for a webhook-source bridge: its URL and how that sender proves itself
/// (the receivers' own checks: <c>GitHubWebhookReceiver</c>, <c>KoboWebhookReceiver</c>, …). Shown instead of an
/// ingest token, which such a bridge refuses at <c>/api/ingest</c>.
/// </summary>
public sealed record WebhookSetup(string Sender, string Url, IReadOnlyList<string> Steps)
{
    private const string DocumentQuery = "?prj=<project>&quality_model=<model>";

    /// <summary>The set-up of <paramref name="bridge"/> when its source receives webhooks, else null.</summary>
    public static WebhookSetup? For(Data.Model.Bridge bridge, Microsoft.AspNetCore.Components.NavigationManager navigation) =>
        For(bridge.SourceKind, navigation.ToAbsoluteUri($"hooks/{bridge.Key}").ToString(), Connectors.Abstractions.SettingsJson.Read(bridge.SourceSettingsJson));

    /// <summary>The set-up of a bridge whose source receives webhooks, or null for any other source.</summary>
    public static WebhookSetup? For(string sourceKind, string hookUrl, IReadOnlyDictionary<string, string> sourceSettings)
    {
        string? User(string setting) => sourceSettings.GetValueOrDefault(setting) is { Length: > 0 } u ? u : null;
        return sourceKind switch
        {
            GitHubWebhookReceiver.SourceKindName => new("GitHub", hookUrl + DocumentQuery,
            [
                "On GitHub: the repository's (or organisation's) Settings → Webhooks → Add webhook.",
                "Payload URL: the URL above, with your project (prj) and quality model filled in.",
                "Content type: application/json.",
                $"Secret: the same value as this bridge's 'Webhook secret'. GitHub signs every delivery with it in the {GitHubWebhookReceiver.SignatureHeader} header (sha256=<HMAC of the body>); a delivery without the right signature is refused with 401.",
                "Events: push, issues and pull requests (or 'Send me everything'); GitHub's ping is answered and not stored.",
            ]),
            TaigaWebhookReceiver.SourceKindName => new("Taiga", hookUrl + DocumentQuery,
            [
                "In Taiga: the project's Admin → Integrations → Webhooks → Add a new webhook.",
                "Payload URL: the URL above, with your project (prj) and quality model filled in.",
                $"Service secret key: the same value as this bridge's 'Webhook key'. Taiga signs every call with it in the {TaigaWebhookReceiver.SignatureHeader} header (HMAC-SHA1 of the body, hex).",
            ]),
            SheetsWebhookReceiver.SourceKindName => new("Google Sheets (Apps Script)", hookUrl + DocumentQuery,
            [
                "In the sheet's Apps Script: UrlFetchApp.fetch(url, {method: 'post', contentType: 'application/json', headers: {...}, payload: JSON.stringify(rows)}).",
                "url: the URL above, with your project (prj) and quality model filled in.",
                $"headers: {{'{SheetsWebhookReceiver.TokenHeader}': <this bridge's 'Shared token'>}}; a call without the right token is refused with 401.",
            ]),
            StandardWebhookReceiver.SourceKindName => new("a Standard Webhooks sender", hookUrl + DocumentQuery,
            [
                "In the sender's webhook settings: endpoint URL = the URL above, with your project (prj) and quality model filled in.",
                "Signing secret: the sender's whsec_… secret, saved as this bridge's 'Signing secret'.",
                "The sender signs each message with the webhook-id, webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256>) headers; a timestamp more than 5 minutes off is refused.",
            ]),
            KoboSource.SourceKind => new("KoboToolbox", hookUrl,
            [
                "In KoboToolbox: the project's Settings → REST Services → Register a new service.",
                "Endpoint URL: the URL above. Type: JSON. Leave the submission fields empty, or include _id.",
                User(KoboSettings.WebhookUsername) is not { } username
                    ? "Security: this bridge sets no webhook username, so anyone who knows the URL can post; set 'Webhook username' and 'Webhook password' on the bridge and choose Basic authentication on the service."
                    : $"Security: Basic authentication, username '{username}' and this bridge's 'Webhook password'.",
                "The bridge also polls the project, so a submission the service misses is still fetched.",
            ]),
            CommCareFormReceiver.SourceKind => new("CommCare", hookUrl,
            [
                "In CommCare HQ: Project Settings → Data Forwarding → Forward Forms → Add a forwarding location.",
                "URL: the URL above. Payload format: JSON.",
                User(CommCareSettings.WebhookUsername) is { } forwarder
                    ? $"Authentication: basic, username '{forwarder}' and this bridge's 'Forwarder password'."
                    : "Authentication: bearer, with this bridge's 'Forwarder bearer token'; or basic, after setting 'Forwarder username' and 'Forwarder password' on the bridge. With neither, anyone who knows the URL can post.",
                "CommCare retries every answer other than 2xx; re-sent forms are not duplicated.",
            ]),
            SalesforceRecordsReceiver.SourceKind => new("Salesforce", hookUrl,
            [
                "From a Flow HTTP callout or Apex: POST the records as JSON (an array, {\"records\":[…]} or one record) to the URL above.",
                $"Send this bridge's 'Shared secret' as 'Authorization: Bearer <secret>' or in the {sourceSettings.GetValueOrDefault(SalesforceRecordsSettings.SecretHeader) ?? SalesforceRecordsSettings.DefaultSecretHeader} header.",
            ]),
            _ => null,
        };
    }
}

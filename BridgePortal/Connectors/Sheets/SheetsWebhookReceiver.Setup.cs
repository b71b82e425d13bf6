using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Sheets;

/// <summary>How a sheet's Apps Script posts its rows to the bridge (UrlFetchApp.fetch).</summary>
public sealed partial class SheetsWebhookReceiver
{
    public string IdField => "rows[].row_id";

    public WebhookSetup? Setup(string hookUrl, IReadOnlyDictionary<string, string> sourceSettings) => new("Google Sheets (Apps Script)", hookUrl + WebhookSetup.DocumentQuery,
    [
        "In the sheet's Apps Script: UrlFetchApp.fetch(url, {method: 'post', contentType: 'application/json', headers: {...}, payload: JSON.stringify(rows)}).",
        "url: the URL above, with your project (prj) and quality model filled in.",
        $"headers: {{'{TokenHeader}': <this bridge's 'Shared token'>}}; a call without the right token is refused with 401.",
    ]);
}

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Sheets;

public sealed class SheetsConnector : IConnector
{
    /// <summary>The Sheets source: Google Sheets edits sent by an Apps Script, stored as documents.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SheetsWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, SheetsWebhookReceiver>();
    }
}

using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Sheets;

public static class SheetsServiceCollectionExtensions
{
    /// <summary>The Sheets source: Google Sheets edits sent by an Apps Script, stored as documents.</summary>
    public static WebApplicationBuilder AddSheetsConnector(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SheetsWebhookReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, SheetsWebhookReceiver>();
        return builder;
    }
}

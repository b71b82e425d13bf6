using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Signed webhooks (GitHub, Taiga, Google Sheets, Standard Webhooks) normalised to documents, the PostgreSQL document sink and its notifications.</summary>
    public static WebApplicationBuilder AddWebhooksConnector(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(GitHubWebhookReceiver.Source);
        services.AddSingleton(TaigaWebhookReceiver.Source);
        services.AddSingleton(SheetsWebhookReceiver.Source);
        services.AddSingleton(StandardWebhookReceiver.Source);
        services.AddSingleton(DocumentNotifications.Source);
        services.AddSingleton<IWebhookReceiver, GitHubWebhookReceiver>();
        services.AddSingleton<IWebhookReceiver, TaigaWebhookReceiver>();
        services.AddSingleton<IWebhookReceiver, SheetsWebhookReceiver>();
        services.AddSingleton<IWebhookReceiver, StandardWebhookReceiver>();
        services.AddSingleton<DocumentNotifications>();
        services.AddSingleton<ISink, PostgreSqlDocumentSink>();
        return builder;
    }
}

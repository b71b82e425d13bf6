using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.SalesforceToCommCare;

public static class SalesforceToCommCareServiceCollectionExtensions
{
    /// <summary>Salesforce → CommCare: the Salesforce records receiver and the CommCare cases sink (needs <c>AddCommCareConnector</c>).</summary>
    public static WebApplicationBuilder AddSalesforceToCommCare(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SalesforceRecordsReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, SalesforceRecordsReceiver>();
        builder.Services.AddSingleton<ISink, CommCareCaseSink>();
        return builder;
    }
}

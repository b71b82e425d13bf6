using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Salesforce;

public sealed class SalesforceConnector : IConnector
{
    /// <summary>The Salesforce connector: connection kind (sign-in + limits), the sObject Collections upsert sink and its mapping service, and the records receiver (JSON push).</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new BridgePanel(typeof(SalesforceUnroutedPanel), b => b.SinkKind == SalesforceSink.SinkKind));
        builder.Services.AddSingleton(new BridgePanel(typeof(SalesforceMappingEditor), b => b.SinkKind == SalesforceSink.SinkKind));
        builder.Services.AddHttpClient(SalesforceClient.ClientName, c => c.Timeout = TimeSpan.FromSeconds(150));
        builder.Services.AddSingleton<SalesforceClient>();
        builder.Services.AddSingleton<IConnectionKind, SalesforceConnectionKind>();
        builder.Services.AddSingleton<ISink, SalesforceSink>();
        builder.Services.AddScoped<SalesforceMappings>();
        builder.Services.AddWebhookSource<SalesforceRecordsReceiver>(SalesforceRecordsReceiver.Source);
    }
}

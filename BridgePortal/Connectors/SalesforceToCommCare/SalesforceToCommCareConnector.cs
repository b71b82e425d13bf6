using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.SalesforceToCommCare;

public sealed class SalesforceToCommCareConnector : IConnector
{
    /// <summary>Salesforce → CommCare: the Salesforce records receiver and the CommCare cases sink (needs <c>AddCommCareConnector</c>).</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SalesforceRecordsReceiver.Source);
        builder.Services.AddSingleton<IWebhookReceiver, SalesforceRecordsReceiver>();
        builder.Services.AddSingleton<ISink, CommCareCaseSink>();
    }
}

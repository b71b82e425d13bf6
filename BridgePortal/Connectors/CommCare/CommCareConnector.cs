using BridgePortal.Connectors.Abstractions;
using BridgePortal.Connectors.CommCare.Cases;

namespace BridgePortal.Connectors.CommCare;

public sealed class CommCareConnector : IConnector
{
    public static readonly SourceKind Source = new(
        CommCareFormReceiver.SourceKind,
        "CommCare forms (data forwarding)",
        null,
        [
            new(CommCareSettings.WebhookUsername, "Forwarder username", Help: "When set, POST /hooks/{key} requires this HTTP basic user (the forwarder's 'basic' auth)"),
            new(CommCareSettings.WebhookPassword, "Forwarder password", Secret: true, Help: "The forwarder's basic-auth password; encrypted, never shown back"),
            new(CommCareSettings.WebhookToken, "Forwarder bearer token", Secret: true, Help: "When set, requires 'Authorization: Bearer <token>' (the forwarder's 'bearer' auth); encrypted, never shown back"),
        ]);

    /// <summary>The CommCare connector: connection kind (API key, test), the form data-forwarding receiver and the cases sink (Salesforce records → cases).</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddClientFactory<CommCareClientFactory>(CommCareClientFactory.ClientName, TimeSpan.FromSeconds(100));
        builder.Services.AddSingleton<IConnectionKind, CommCareConnectionKind>();
        builder.Services.AddWebhookSource<CommCareFormReceiver>(Source);
        builder.Services.AddSingleton<ISink, CommCareCaseSink>();
    }
}

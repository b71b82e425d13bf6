using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

public sealed class KoboConnector : IConnector
{
    public static readonly SourceKind Source = new(
        KoboSource.SourceKind,
        "KoboToolbox (API polling and REST-service webhook)",
        KoboConnectionKind.Kind,
        [
            new(KoboSettings.AssetUid, "Project (asset uid)", Required: true, FromCatalog: true, Help: "The survey whose submissions this bridge streams"),
            PollSettings.IntervalField,
            new(KoboSettings.PageSize, "Page size", Help: "Submissions per API call (default 1000; the server caps it)"),
            new(KoboSettings.RescanHours, "Re-scan window (hours)", Help: "Re-read submissions of the last N hours at each poll to pick up edits (0 = off)"),
            new(KoboSettings.WebhookUsername, "Webhook username", Help: "When set, POST /hooks/{key} requires this HTTP basic user (as set on the Kobo REST service)"),
            new(KoboSettings.WebhookPassword, "Webhook password", Secret: true, Help: "The REST service's basic-auth password; encrypted, never shown back"),
        ]);

    /// <summary>The KoboToolbox connector: connection kind (test, project list), polling source and REST-service webhook receiver.</summary>
    public void Register(WebApplicationBuilder builder)
    {
        builder.Services.AddClientFactory<KoboClientFactory>(KoboClientFactory.ClientName, TimeSpan.FromSeconds(100));
        builder.Services.AddSingleton<IConnectionKind, KoboConnectionKind>();
        builder.Services.AddSingleton(Source);
        builder.Services.AddSingleton<IPollingSource, KoboSource>();
        builder.Services.AddSingleton<IWebhookReceiver, KoboWebhookReceiver>();
    }
}

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// What to enter on the sender's side for a webhook-source bridge: its URL and how that sender proves itself.
/// Each receiver says it for its own sender (<see cref="IWebhookReceiver.Setup"/>); the bridge page shows it instead
/// of an ingest token, which such a bridge refuses at <c>/api/ingest</c>.
/// </summary>
public sealed record WebhookSetup(string Sender, string Url, IReadOnlyList<string> Steps)
{
    /// <summary>The query the document receivers read the project and quality model from (<see cref="WebhookDocument"/>).</summary>
    public const string DocumentQuery = "?prj=<project>&quality_model=<model>";
}

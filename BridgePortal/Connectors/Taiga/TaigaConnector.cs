using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Taiga;

/// <summary>The Taiga source: Taiga's project webhooks (HMAC-SHA1 signed), stored as documents.</summary>
public sealed class TaigaConnector() : WebhookSourceConnector<TaigaWebhookReceiver>(TaigaWebhookReceiver.Source);

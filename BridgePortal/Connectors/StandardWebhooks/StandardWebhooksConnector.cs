using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.StandardWebhooks;

/// <summary>The StandardWebhooks source: any sender of Standard Webhooks (signed webhook-id, timestamp and body), stored as documents.</summary>
public sealed class StandardWebhooksConnector() : WebhookSourceConnector<StandardWebhookReceiver>(StandardWebhookReceiver.Source);

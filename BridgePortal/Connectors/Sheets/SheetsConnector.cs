using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Sheets;

/// <summary>The Sheets source: Google Sheets edits sent by an Apps Script, stored as documents.</summary>
public sealed class SheetsConnector() : WebhookSourceConnector<SheetsWebhookReceiver>(SheetsWebhookReceiver.Source);

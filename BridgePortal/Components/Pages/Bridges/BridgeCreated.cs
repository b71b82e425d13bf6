using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>
/// What the bridge dialog hands back: the bridge and, on create only, its one-time ingest token, or for a
/// webhook-source bridge the sender's set-up to show instead.
/// </summary>
public sealed record BridgeCreated(Guid Id, string Key, string? Token, WebhookSetup? Webhook = null);

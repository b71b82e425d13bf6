using BridgePortal.Alerts.Channels;
using BridgePortal.Data.Model.Alerts;

namespace BridgePortal.Alerts;

/// <summary>A channel as the rules page edits it; <see cref="Secret"/> empty keeps the stored one.</summary>
public sealed record AlertChannelDraft(string Name, AlertChannelKind Kind, EmailChannelSettings? Email, WebhookChannelSettings? Webhook, string? Secret);

public sealed record AlertRuleDraft(string Name, string Kind, Guid? BridgeId, int Threshold, Guid ChannelId);

/// <summary>What the rules page shows of a channel: never its secret, only whether one is set.</summary>
public sealed record AlertChannelView(Guid Id, string Name, AlertChannelKind Kind, string Target, bool HasSecret);

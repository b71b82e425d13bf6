using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data.Model;
using Microsoft.AspNetCore.Components;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>The sender-side set-up of a bridge whose source receives webhooks, as its receiver words it; null for any other source.</summary>
public static class WebhookSetups
{
    public static WebhookSetup? For(ConnectorRegistry registry, Bridge bridge, NavigationManager navigation) =>
        registry.Receiver(bridge.SourceKind)?.Setup(navigation.ToAbsoluteUri($"hooks/{bridge.Key}").ToString(), SettingsJson.Read(bridge.SourceSettingsJson));
}

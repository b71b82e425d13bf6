using MudBlazor;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>How the bridge and record dialogs open.</summary>
public static class BridgeDialogOptions
{
    public static DialogOptions Options => new() { MaxWidth = MaxWidth.Medium, FullWidth = true };
}

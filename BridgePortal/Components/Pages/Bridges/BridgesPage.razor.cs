using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Bridges;

/// <summary>The bridges list: loaded once on open and again after each change or a click on Refresh.</summary>
public sealed partial class BridgesPage
{
    private IReadOnlyList<BridgeSummary>? bridges;
    private Actor? actor;
    private string? failure;
    private bool busy;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = new Actor((await AuthState).User);
        await ReloadAsync();
    }

    private async Task ReloadAsync() => bridges = await Bridges.ListAsync(actor!, CancellationToken.None);

    private async Task RefreshAsync()
    {
        busy = true;
        try
        {
            await ReloadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}

using BridgePortal.Alerts;
using BridgePortal.Data.Model.Alerts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using BridgePortal.Identity;
using BridgePortal.Bridges;

namespace BridgePortal.Components.Pages.Alerts;

/// <summary>The rules page: channels and rules reload after every change, the bridges once on open.</summary>
public sealed partial class AlertRulesPage
{
    private Actor actor = default!;
    private List<AlertChannelView> channels = [];
    private List<AlertRule> rules = [];
    private IReadOnlyList<BridgeSummary> bridges = [];

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = new Actor((await AuthState).User);
        bridges = await Bridges.ListAsync(actor, CancellationToken.None);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        channels = await Alerts.ChannelsAsync(CancellationToken.None);
        rules = await Alerts.RulesAsync(CancellationToken.None);
    }

    private async Task SetEnabledAsync((AlertRule Rule, bool On) change)
    {
        await Alerts.SetRuleEnabledAsync(actor, change.Rule.Id, change.On, CancellationToken.None);
        await LoadAsync();
    }

    private async Task DeleteRuleAsync(AlertRule rule)
    {
        await Alerts.DeleteRuleAsync(actor, rule.Id, CancellationToken.None);
        await LoadAsync();
    }

    private async Task DeleteChannelAsync(AlertChannelView channel)
    {
        if (!await Alerts.DeleteChannelAsync(actor, channel.Id, CancellationToken.None))
        {
            Snackbar.Add($"'{channel.Name}' is used by a rule; delete the rule first.", Severity.Warning);
        }

        await LoadAsync();
    }
}

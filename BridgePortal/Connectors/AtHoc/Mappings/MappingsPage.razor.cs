using BridgePortal.Connectors.AtHoc;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using BridgePortal.Identity;

namespace BridgePortal.Connectors.AtHoc.Mappings;

/// <summary>The AtHoc mapping tables: the first connection is selected on open; a click or a search reloads its rows.</summary>
public sealed partial class MappingsPage
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    private Actor actor = default!;
    private IReadOnlyList<AtHocMappingTable>? tables;
    private IReadOnlyList<AtHocUserMapping> rows = [];
    private Guid? selected;
    private string? search;
    private int total;
    private bool busy;
    private string? failure;

    private AtHocMappings Mappings => ScopedServices.GetRequiredService<AtHocMappings>();

    protected override async Task OnInitializedAsync()
    {
        actor = new Actor((await AuthState).User);
        tables = await Mappings.TablesAsync(actor, CancellationToken.None);
        selected = tables.FirstOrDefault()?.ConnectionId;
        await LoadRowsAsync();
    }

    private async Task SelectAsync(Guid id)
    {
        selected = id;
        await LoadRowsAsync();
    }

    private async Task SearchAsync(string? value)
    {
        search = value;
        await LoadRowsAsync();
    }

    private async Task LoadRowsAsync()
    {
        if (selected is { } id)
        {
            (rows, total) = await Mappings.SearchAsync(actor, id, search, 0, 500, CancellationToken.None);
        }
    }
}

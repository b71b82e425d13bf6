using Microsoft.AspNetCore.Components;
using BridgePortal.Identity;

namespace BridgePortal.Components.Account.Pages.Manage;

/// <summary>The API tokens page (static rendering): two posted forms, create and revoke, then the list again.</summary>
public sealed partial class AccessTokens
{
    private string? message;
    private string? newToken;
    private IReadOnlyList<PersonalAccessTokenView> tokens = [];

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "create-token")]
    private CreateModel Input { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "revoke-token")]
    private RevokeModel Revoke { get; set; } = default!;

    private Actor Me => new(HttpContext.User);

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        Revoke ??= new();
        tokens = await Tokens.ListAsync(Me, HttpContext.RequestAborted);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Users;

/// <summary>The users list for Admins; each action reloads it and says how it went in a snackbar.</summary>
public sealed partial class UsersPage
{
    private IReadOnlyList<UserSummary>? users;
    private string? selfId;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthState;
        selfId = state.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        await ReloadAsync();
    }

    private bool IsSelf(UserSummary user) => user.Id == selfId;

    private static string LockText(UserSummary user) =>
        user.LockedUntil!.Value.Year > 9000 ? "Locked" : $"Locked until {user.LockedUntil.Value.UtcDateTime:HH:mm} UTC";

    private async Task ReloadAsync() => users = await Admin.ListAsync(CancellationToken.None);
}

using Microsoft.AspNetCore.Identity;
using MudBlazor;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Users;

/// <summary>New user, password reset, lock and unlock: each result is said in a snackbar, then the list reloads.</summary>
public sealed partial class UsersPage
{
    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewUserDialog>("New user");
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task ResetPasswordAsync(UserSummary user)
    {
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.User, user } };
        await (await Dialogs.ShowAsync<ResetPasswordDialog>("Reset password", parameters)).Result;
    }

    private Task LockAsync(UserSummary user) => RunAsync(Admin.LockAsync(user.Id), $"{user.Email} locked");

    private Task UnlockAsync(UserSummary user) => RunAsync(Admin.UnlockAsync(user.Id), $"{user.Email} unlocked");

    private async Task RunAsync(Task<IdentityResult> action, string success)
    {
        var result = await action;
        if (result.Succeeded)
        {
            Snackbar.Add(success, Severity.Success);
        }
        else
        {
            Snackbar.Add(string.Join(" ", result.Errors.Select(e => e.Description)), Severity.Error);
        }

        await ReloadAsync();
    }
}

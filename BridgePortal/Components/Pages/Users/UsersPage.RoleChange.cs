using BridgePortal.Components.Shared;
using BridgePortal.Identity;

namespace BridgePortal.Components.Pages.Users;

/// <summary>A role change is confirmed first, saying what the new role may do.</summary>
public sealed partial class UsersPage
{
    // Bumped when a role change is cancelled: the select already shows the new role, and only a new instance shows the old one again.
    private int roleSelectsVersion;

    private async Task ChangeRoleAsync(UserSummary user, string role)
    {
        if (role == user.Role)
        {
            return;
        }

        var may = role switch
        {
            BridgeRoles.Admin => "may do everything, including managing users",
            BridgeRoles.Operator => "may manage their own connections and bridges",
            _ => "may only read",
        };
        if (!await ConfirmDialog.AskAsync(Dialogs, "Change role",
                $"Make {user.Email} {role} instead of {user.Role}? They then {may}; open sessions follow at their next action.", $"Make {role}", danger: true))
        {
            roleSelectsVersion++;
            return;
        }

        await RunAsync(Admin.ChangeRoleAsync(user.Id, role), $"{user.Email} is now {role}");
    }
}

using Microsoft.AspNetCore.Identity;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>Creating a user with a role and changing a user's role; the last Admin keeps theirs.</summary>
public sealed partial class UserAdministration
{
    public async Task<IdentityResult> CreateUserAsync(string email, string password, string role)
    {
        if (!BridgeRoles.All.Contains(role))
        {
            return UnknownRole(role);
        }

        var user = new ApplicationUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created;
        }

        var added = await users.AddToRoleAsync(user, role);
        if (added.Succeeded)
        {
            logger.LogInformation("Created user {UserId} with role {Role}", user.Id, role);
        }

        return added;
    }

    public Task<IdentityResult> ChangeRoleAsync(string userId, string role) =>
        !BridgeRoles.All.Contains(role) ? Task.FromResult(UnknownRole(role)) : OnUserAsync(userId, async user =>
        {
            var current = await users.GetRolesAsync(user);
            if (current.Contains(BridgeRoles.Admin) && role != BridgeRoles.Admin && await IsLastActiveAdminAsync(user))
            {
                return Fail("LastAdmin", "This is the last administrator; make another user Admin first.");
            }

            var removed = await users.RemoveFromRolesAsync(user, current);
            if (!removed.Succeeded)
            {
                return removed;
            }

            var added = await users.AddToRoleAsync(user, role);
            if (added.Succeeded)
            {
                logger.LogInformation("Changed role of user {UserId} to {Role}", userId, role);
            }

            return added;
        });

    private static IdentityResult UnknownRole(string role) => Fail("UnknownRole", $"Unknown role '{role}'.");
}

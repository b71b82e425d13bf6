using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>What an Admin can do to users: create with a role, change role, lock/unlock, reset password.</summary>
public sealed partial class UserAdministration(UserManager<ApplicationUser> users, TimeProvider clock, ILogger<UserAdministration> logger)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var result = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "(none)";
            result.Add(new(user.Id, user.Email ?? user.UserName ?? user.Id, role, user.LockoutEnd, user.AccessFailedCount));
        }

        return result;
    }

    /// <summary>Runs an action on a user the page listed, who may have been deleted since.</summary>
    private async Task<IdentityResult> OnUserAsync(string userId, Func<ApplicationUser, Task<IdentityResult>> action) =>
        await users.FindByIdAsync(userId) is { } user ? await action(user) : Fail("NoSuchUser", "That user no longer exists.");

    private async Task<bool> IsLastActiveAdminAsync(ApplicationUser user)
    {
        var now = clock.GetUtcNow();
        var admins = await users.GetUsersInRoleAsync(BridgeRoles.Admin);
        return !admins.Any(a => a.Id != user.Id && (a.LockoutEnd is null || a.LockoutEnd <= now));
    }

    private static IdentityResult Fail(string code, string description) =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = description });
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>One row of the Users page.</summary>
public sealed record UserSummary(string Id, string Email, string Role, DateTimeOffset? LockedUntil, int FailedLogins)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>What an Admin can do to users: create with a role, change role, lock/unlock, reset password.</summary>
public sealed class UserAdministration(UserManager<ApplicationUser> users, TimeProvider clock, ILogger<UserAdministration> logger)
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

    public async Task<IdentityResult> CreateUserAsync(string email, string password, string role)
    {
        if (!BridgeRoles.All.Contains(role))
        {
            return Fail("UnknownRole", $"Unknown role '{role}'.");
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

    public async Task<IdentityResult> ChangeRoleAsync(string userId, string role)
    {
        if (!BridgeRoles.All.Contains(role))
        {
            return Fail("UnknownRole", $"Unknown role '{role}'.");
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Fail("NoSuchUser", "That user no longer exists.");
        }

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
    }

    /// <summary>Locks the user out until unlocked, and ends their sessions.</summary>
    public async Task<IdentityResult> LockAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Fail("NoSuchUser", "That user no longer exists.");
        }

        if (await users.IsInRoleAsync(user, BridgeRoles.Admin) && await IsLastActiveAdminAsync(user))
        {
            return Fail("LastAdmin", "This is the last active administrator; it cannot be locked.");
        }

        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Locked user {UserId}", userId);
        return result;
    }

    public async Task<IdentityResult> UnlockAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Fail("NoSuchUser", "That user no longer exists.");
        }

        var result = await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Unlocked user {UserId}", userId);
        return result;
    }

    /// <summary>Sets a new password chosen by the Admin and ends the user's sessions.</summary>
    public async Task<IdentityResult> ResetPasswordAsync(string userId, string newPassword)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Fail("NoSuchUser", "That user no longer exists.");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            logger.LogInformation("Reset the password of user {UserId}", userId);
        }

        return result;
    }

    private async Task<bool> IsLastActiveAdminAsync(ApplicationUser user)
    {
        var now = clock.GetUtcNow();
        var admins = await users.GetUsersInRoleAsync(BridgeRoles.Admin);
        return !admins.Any(a => a.Id != user.Id && (a.LockoutEnd is null || a.LockoutEnd <= now));
    }

    private static IdentityResult Fail(string code, string description) =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = description });
}

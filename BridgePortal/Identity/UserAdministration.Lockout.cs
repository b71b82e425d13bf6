using Microsoft.AspNetCore.Identity;

namespace BridgePortal.Identity;

/// <summary>Locking a user out (their sessions end; the last active Admin cannot be locked) and unlocking.</summary>
public sealed partial class UserAdministration
{
    /// <summary>Locks the user out until unlocked, and ends their sessions.</summary>
    public Task<IdentityResult> LockAsync(string userId) => OnUserAsync(userId, async user =>
    {
        if (await users.IsInRoleAsync(user, BridgeRoles.Admin) && await IsLastActiveAdminAsync(user))
        {
            return Fail("LastAdmin", "This is the last active administrator; it cannot be locked.");
        }

        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Locked user {UserId}", userId);
        return result;
    });

    public Task<IdentityResult> UnlockAsync(string userId) => OnUserAsync(userId, async user =>
    {
        var result = await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Unlocked user {UserId}", userId);
        return result;
    });
}

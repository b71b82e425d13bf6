using Microsoft.AspNetCore.Identity;

namespace BridgePortal.Identity;

/// <summary>An Admin's password reset: Identity's own reset token, so its password rules and stamp apply.</summary>
public sealed partial class UserAdministration
{
    /// <summary>Sets a new password chosen by the Admin and ends the user's sessions.</summary>
    public Task<IdentityResult> ResetPasswordAsync(string userId, string newPassword) => OnUserAsync(userId, async user =>
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            logger.LogInformation("Reset the password of user {UserId}", userId);
        }

        return result;
    });
}

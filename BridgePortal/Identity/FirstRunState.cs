using Microsoft.AspNetCore.Identity;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>
/// Knows whether an administrator exists yet. Once one does, the answer never changes (the last Admin
/// cannot be demoted), so a positive answer is cached and the setup page costs no query afterwards.
/// </summary>
public sealed class FirstRunState(IServiceScopeFactory scopeFactory)
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _adminExists;

    public async Task<bool> AdminExistsAsync()
    {
        if (_adminExists)
        {
            return true;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        _adminExists = (await users.GetUsersInRoleAsync(BridgeRoles.Admin)).Count > 0;
        return _adminExists;
    }

    /// <summary>Creates the first Admin, unless one exists already (then fails: setup is one-time).</summary>
    public async Task<IdentityResult> CreateFirstAdminAsync(string email, string password)
    {
        await _createLock.WaitAsync();
        try
        {
            if (await AdminExistsAsync())
            {
                return IdentityResult.Failed(new IdentityError
                {
                    Code = "SetupDone",
                    Description = "An administrator exists already; setup is closed.",
                });
            }

            await using var scope = scopeFactory.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var result = await admin.CreateUserAsync(email, password, BridgeRoles.Admin);
            _adminExists = result.Succeeded;
            return result;
        }
        finally
        {
            _createLock.Release();
        }
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BridgePortal.Identity;

/// <summary>Ensures the three roles exist, and creates the bootstrap Admin from configuration when there is none.</summary>
public sealed class IdentitySeeder(
    RoleManager<IdentityRole> roles,
    FirstRunState firstRun,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<IdentitySeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in BridgeRoles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var (email, password) = (bootstrap.Value.AdminEmail, bootstrap.Value.AdminPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || await firstRun.AdminExistsAsync())
        {
            return;
        }

        var result = await firstRun.CreateFirstAdminAsync(email, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Configuration keys '{BootstrapOptions.SectionName}:AdminEmail'/'{BootstrapOptions.SectionName}:AdminPassword' could not create the first administrator: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        logger.LogInformation("Created the bootstrap administrator {Email}", email);
    }
}

using BridgePortal.Identity;

namespace BridgePortal.Tests.Infrastructure;

public static class TestUsers
{
    public const string AdminEmail = "admin@example.org";
    public const string Password = "Correct-Horse-9";

    /// <summary>Creates a user with <paramref name="role"/> straight through the app's own service.</summary>
    public static async Task CreateAsync(PortalHost host, string email, string role, string password = Password)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateUserAsync(email, password, role);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Makes sure the first administrator exists (setup is done), as on any portal in use.</summary>
    public static async Task EnsureAdminAsync(PortalHost host)
    {
        var firstRun = host.Services.GetRequiredService<FirstRunState>();
        if (!await firstRun.AdminExistsAsync())
        {
            var result = await firstRun.CreateFirstAdminAsync(AdminEmail, Password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>A client logged in as a new user of <paramref name="role"/>.</summary>
    public static async Task<PortalClient> LoggedInAsync(PortalHost host, string role)
    {
        await EnsureAdminAsync(host);
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        await CreateAsync(host, email, role);
        var client = host.CreatePortalClient();
        var response = await client.LoginAsync(email, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using BridgePortal.Data.Model;

namespace BridgePortal.Tests.Identity;

public sealed class SetupTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task On_an_empty_database_setup_creates_the_first_admin_and_then_disappears(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        using var client = host.CreatePortalClient();

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/setup", home.RedirectTarget());
        var login = await client.GetAsync("/Account/Login");
        Assert.Equal("/setup", login.RedirectTarget());

        var created = await client.SetupAsync(TestUsers.AdminEmail, TestUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.StartsWith("/Account/Login", created.RedirectTarget());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = await users.FindByEmailAsync(TestUsers.AdminEmail);
            Assert.NotNull(admin);
            Assert.Equal([BridgeRoles.Admin], await users.GetRolesAsync(admin));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        var loginPage = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);
        Assert.Contains($"Administrator {TestUsers.AdminEmail} created", await loginPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Setup_cannot_be_replayed_once_an_admin_exists()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var early = host.CreatePortalClient();
        var token = await early.GetAntiforgeryTokenAsync("/setup");
        await TestUsers.EnsureAdminAsync(host);

        var replay = await early.PostFormAsync("/setup", token, "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = "intruder@example.org",
            ["Input.Password"] = TestUsers.Password,
            ["Input.ConfirmPassword"] = TestUsers.Password,
        });
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        await using var scope = host.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("intruder@example.org"));
    }

    [Fact]
    public async Task Setup_with_mismatched_or_weak_passwords_shows_why_and_creates_nobody()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var client = host.CreatePortalClient();

        var mismatch = await client.SubmitFormAsync("/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = TestUsers.AdminEmail,
            ["Input.Password"] = TestUsers.Password,
            ["Input.ConfirmPassword"] = "Something-Else-1",
        });
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("do not match", await mismatch.Content.ReadAsStringAsync());

        var weak = await client.SetupAsync(TestUsers.AdminEmail, "abcdefgh");
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Passwords must have at least one", await weak.Content.ReadAsStringAsync());

        Assert.False(await host.Services.GetRequiredService<FirstRunState>().AdminExistsAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/setup")).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task Bootstrap_settings_create_the_first_admin_at_start_up(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "ops@example.org",
            ["Bootstrap:AdminPassword"] = TestUsers.Password,
        });
        using var client = host.CreatePortalClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        var login = await client.LoginAsync("ops@example.org", TestUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users")).StatusCode);
    }

    [Fact]
    public async Task A_bootstrap_password_the_policy_refuses_fails_start_up_naming_the_keys()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PortalHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "ops@example.org",
            ["Bootstrap:AdminPassword"] = "short",
        }));
        var message = error.InnerException?.Message ?? error.Message;
        Assert.Contains("Bootstrap:AdminPassword", message);
        Assert.DoesNotContain("short\"", message);
    }
}

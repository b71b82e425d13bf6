using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Identity;

public sealed class UserAdministrationTests
{
    [SkippableTheory]
    [MemberData(nameof(StorageKinds.Both), MemberType = typeof(StorageKinds))]
    public async Task An_admin_creates_a_user_changes_the_role_locks_unlocks_and_resets_the_password(StorageKind storage)
    {
        await using var host = await PortalHost.StartAsync(storage);
        await TestUsers.EnsureAdminAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        Assert.True((await admin.CreateUserAsync("ops@example.org", TestUsers.Password, BridgeRoles.Viewer)).Succeeded);
        var ops = (await admin.ListAsync(CancellationToken.None)).Single(u => u.Email == "ops@example.org");
        Assert.Equal(BridgeRoles.Viewer, ops.Role);

        Assert.True((await admin.ChangeRoleAsync(ops.Id, BridgeRoles.Operator)).Succeeded);
        Assert.Equal(BridgeRoles.Operator, (await admin.ListAsync(CancellationToken.None)).Single(u => u.Id == ops.Id).Role);

        Assert.True((await admin.LockAsync(ops.Id)).Succeeded);
        using (var client = host.CreatePortalClient())
        {
            var refused = await client.LoginAsync("ops@example.org", TestUsers.Password);
            Assert.Contains(LoginTests.LockedOrWrong, await refused.Content.ReadAsStringAsync()); // issue 17 item 6: the lock is not revealed
        }

        Assert.True((await admin.UnlockAsync(ops.Id)).Succeeded);
        Assert.True((await admin.ResetPasswordAsync(ops.Id, "Brand-New-Pass-7")).Succeeded);
        using (var client = host.CreatePortalClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("ops@example.org", TestUsers.Password)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync("ops@example.org", "Brand-New-Pass-7")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connections")).StatusCode);
        }
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_locked()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var only = (await admin.ListAsync(CancellationToken.None)).Single();

        var demote = await admin.ChangeRoleAsync(only.Id, BridgeRoles.Viewer);
        Assert.False(demote.Succeeded);
        Assert.Contains("last administrator", demote.Errors.Single().Description);
        Assert.False((await admin.LockAsync(only.Id)).Succeeded);

        Assert.True((await admin.CreateUserAsync("second@example.org", TestUsers.Password, BridgeRoles.Admin)).Succeeded);
        Assert.True((await admin.ChangeRoleAsync(only.Id, BridgeRoles.Operator)).Succeeded);
    }
}

using System.Net;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Identity;

/// <summary>Issue 15: a failed submit of a static form never sends the typed password back in the page's HTML.</summary>
public sealed class PasswordNotEchoedTests
{
    private const string Typed = "Typed-Secret-4711";

    [Fact]
    public async Task A_failed_setup_does_not_render_the_typed_passwords_back()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        using var client = host.CreatePortalClient();

        var response = await client.SubmitFormAsync("/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = TestUsers.AdminEmail,
            ["Input.Password"] = Typed,
            ["Input.ConfirmPassword"] = Typed + "-other",
        });

        var html = await AssertFormShownAgainAsync(response);
        Assert.Contains(TestUsers.AdminEmail, html);
    }

    [Fact]
    public async Task A_failed_login_does_not_render_the_typed_password_back()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
        using var client = host.CreatePortalClient();

        var html = await AssertFormShownAgainAsync(await client.LoginAsync(TestUsers.AdminEmail, Typed));
        Assert.Contains("Invalid email or password", html);
        Assert.Contains("name=\"Input.Password\"", html);
    }

    [Fact]
    public async Task A_failed_password_change_does_not_render_any_typed_password_back()
    {
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
        using var client = host.CreatePortalClient();
        await client.LoginAsync(TestUsers.AdminEmail, TestUsers.Password);

        var response = await client.SubmitFormAsync("/Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Typed,
            ["Input.NewPassword"] = Typed + "-new",
            ["Input.ConfirmPassword"] = Typed + "-new",
        });

        await AssertFormShownAgainAsync(response);
    }

    private static async Task<string> AssertFormShownAgainAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("type=\"password\"", html);
        Assert.DoesNotContain(Typed, html);
        return html;
    }
}

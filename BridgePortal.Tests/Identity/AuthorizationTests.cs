using System.Net;
using BridgePortal.Identity;
using BridgePortal.Tests.Infrastructure;

namespace BridgePortal.Tests.Identity;

public sealed class AuthorizationTests : IAsyncLifetime
{
    public static readonly TheoryData<string> Pages =
    [
        "/", "/bridges", "/connections", "/failed", "/logs", "/users", "/jobs", "/Account/Manage/ChangePassword",
    ];

    private PortalHost host = default!;

    public async Task InitializeAsync()
    {
        host = await PortalHost.StartAsync(StorageKind.Sqlite);
        await TestUsers.EnsureAdminAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_sends_an_anonymous_visitor_to_the_login_page(string path)
    {
        using var client = host.CreatePortalClient();
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = response.RedirectTarget();
        Assert.StartsWith("/Account/Login?ReturnUrl=", target);
        Assert.Contains(Uri.EscapeDataString(path), target);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/Account/AccessDenied")]
    public async Task Login_health_and_access_denied_are_open_to_anonymous_visitors(string path)
    {
        using var client = host.CreatePortalClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData(BridgeRoles.Viewer, "/users", false)]
    [InlineData(BridgeRoles.Operator, "/users", false)]
    [InlineData(BridgeRoles.Admin, "/users", true)]
    [InlineData(BridgeRoles.Viewer, "/jobs", false)]
    [InlineData(BridgeRoles.Operator, "/jobs", false)]
    [InlineData(BridgeRoles.Admin, "/jobs", true)]
    [InlineData(BridgeRoles.Viewer, "/", true)]
    [InlineData(BridgeRoles.Viewer, "/bridges", true)]
    [InlineData(BridgeRoles.Operator, "/connections", true)]
    public async Task Each_role_opens_only_the_pages_it_may(string role, string path, bool allowed)
    {
        using var client = await TestUsers.LoggedInAsync(host, role);
        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.RedirectTarget());
        }
    }

    [Fact]
    public async Task The_navigation_offers_users_and_jobs_to_admins_only()
    {
        using var viewer = await TestUsers.LoggedInAsync(host, BridgeRoles.Viewer);
        var viewerHtml = await (await viewer.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("href=\"/users\"", viewerHtml);
        Assert.DoesNotContain("href=\"/jobs\"", viewerHtml);

        using var admin = await TestUsers.LoggedInAsync(host, BridgeRoles.Admin);
        var adminHtml = await (await admin.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/users\"", adminHtml);
        Assert.Contains("href=\"/jobs\"", adminHtml);
    }

    [Fact]
    public async Task The_hangfire_dashboard_serves_admins_and_never_shows_the_storage_connection_string()
    {
        using var admin = await TestUsers.LoggedInAsync(host, BridgeRoles.Admin);
        var response = await admin.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("BridgePortal jobs", html);
        Assert.DoesNotContain("Data Source=", html);

        var stats = await admin.GetAsync("/jobs/stats");
        Assert.NotEqual(HttpStatusCode.Redirect, stats.StatusCode);
    }

    [Fact]
    public async Task A_forged_form_post_without_an_antiforgery_token_is_rejected()
    {
        using var client = host.CreatePortalClient();
        var response = await client.Http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = TestUsers.AdminEmail,
            ["Input.Password"] = TestUsers.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

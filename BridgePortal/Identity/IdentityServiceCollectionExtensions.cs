using BridgePortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

public static class IdentityServiceCollectionExtensions
{
    private const string BearerOrCookieScheme = "BearerOrCookie";

    public static WebApplicationBuilder AddBridgeIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();

        // The management API's only scheme (cookies never authenticate it, so it needs no antiforgery).
        authentication.AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null);
        services.AddScoped<PersonalAccessTokenService>();

        // The OpenAPI document is for signed-in people and for scripts: a bearer token picks the token
        // scheme, anything else the cookie (which sends a browser to the log-in page).
        authentication.AddPolicyScheme(BearerOrCookieScheme, BearerOrCookieScheme, o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true
                ? PersonalAccessTokenHandler.SchemeName
                : IdentityConstants.ApplicationScheme);

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.LogoutPath = "/Account/Logout";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.Name = "BridgePortal.Auth";

            // Secure whenever the request is HTTPS; behind a TLS proxy set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true so
            // the app sees X-Forwarded-Proto: https (README, "Behind a reverse proxy").
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.HttpOnly = true;
            cookie.Events.OnRedirectToLogin = ApiAwareRedirect(StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = ApiAwareRedirect(StatusCodes.Status403Forbidden);
        });

        // Role changes, locks and password resets reach signed-in users within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BridgeDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(BridgePolicies.Admin, p => p.RequireRole(BridgeRoles.Admin))
            .AddPolicy(BridgePolicies.Operator, p => p.RequireRole(BridgeRoles.Admin, BridgeRoles.Operator))
            .AddPolicy(BridgePolicies.ManagementApi, p => p.AddAuthenticationSchemes(PersonalAccessTokenHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(BridgePolicies.ApiDocument, p => p.AddAuthenticationSchemes(BearerOrCookieScheme).RequireAuthenticatedUser());

        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddSingleton<FirstRunState>();
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<UserAdministration>();
        return builder;
    }

    // Machine endpoints answer with a status code; only pages are redirected to the login form.
    private static Func<Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, Task> ApiAwareRedirect(int statusCode) =>
        context =>
        {
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hooks"))
            {
                context.Response.StatusCode = statusCode;
            }
            else
            {
                context.Response.Redirect(context.RedirectUri);
            }

            return Task.CompletedTask;
        };

    /// <summary>Creates the roles and, when configured, the bootstrap administrator.</summary>
    public static async Task SeedBridgeIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(CancellationToken.None);
    }
}

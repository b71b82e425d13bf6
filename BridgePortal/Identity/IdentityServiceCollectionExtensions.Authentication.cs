using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace BridgePortal.Identity;

/// <summary>How a request proves who it is: the Identity cookie for pages, a personal access token for the management API.</summary>
public static partial class IdentityServiceCollectionExtensions
{
    private const string BearerOrCookieScheme = "BearerOrCookie";

    private static void AddAuthenticationSchemes(IServiceCollection services)
    {
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
            BearerToken.From(http.Request) is not null
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
}

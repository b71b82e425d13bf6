using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>
/// <c>Authorization: Bearer bp_pat_…</c> for the management API. Each request loads the token's user afresh,
/// so the principal carries the user's current role, and a locked user's tokens stop working at once.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PersonalAccessTokenService tokens,
    UserManager<ApplicationUser> users,
    IUserClaimsPrincipalFactory<ApplicationUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var userId = await tokens.UserOfAsync(token, Context.RequestAborted);
        if (userId is null)
        {
            Logger.LogWarning("Personal access token refused from {RemoteIp}: unknown, revoked or expired", Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            Logger.LogWarning("Personal access token of user {UserId} refused: the user is locked or gone", userId);
            return AuthenticateResult.Fail("The token's user is locked or gone.");
        }

        var principal = await principals.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a personal access token (create one on your profile page) as 'Authorization: Bearer bp_pat_…'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "Your role may not do this.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}

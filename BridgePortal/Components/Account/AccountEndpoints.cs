using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using BridgePortal.Data.Model;

namespace BridgePortal.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Endpoints the account forms post to that are not pages: logout.</summary>
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        account.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] ILoggerFactory loggers,
            HttpContext context,
            [FromForm] string? returnUrl) =>
        {
            var userId = signInManager.UserManager.GetUserId(context.User);
            await signInManager.SignOutAsync();
            loggers.CreateLogger("BridgePortal.Account").LogInformation("User {UserId} logged out", userId);
            return TypedResults.LocalRedirect("~/Account/Login");
        }).AllowAnonymous();
        return account;
    }
}

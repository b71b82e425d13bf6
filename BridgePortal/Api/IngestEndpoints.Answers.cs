using BridgePortal.Data.Model;
using BridgePortal.Identity;

namespace BridgePortal.Api;

/// <summary>The ingest token check and the problem answers; a 401 names the scheme in <c>WWW-Authenticate</c> (RFC 6750 §3).</summary>
public static partial class IngestEndpoints
{
    private static bool Authorized(HttpContext http, Bridge bridge) => BridgeTokens.Matches(BearerToken.From(http.Request), bridge.IngestTokenHash);

    private static IResult Unauthorized() =>
        new UnauthorizedWithChallenge(Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "Send the bridge's ingest token as 'Authorization: Bearer <token>'."));

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    private sealed class UnauthorizedWithChallenge(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return inner.ExecuteAsync(httpContext);
        }
    }
}

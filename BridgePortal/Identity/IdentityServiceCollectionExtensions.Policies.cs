using Microsoft.AspNetCore.Authorization;

namespace BridgePortal.Identity;

/// <summary>Who may do what: every page needs a signed-in user; roles and the token scheme narrow it.</summary>
public static partial class IdentityServiceCollectionExtensions
{
    private static void AddPolicies(IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(BridgePolicies.Admin, p => p.RequireRole(BridgeRoles.Admin))
            .AddPolicy(BridgePolicies.Operator, p => p.RequireRole(BridgeRoles.Admin, BridgeRoles.Operator))
            .AddPolicy(BridgePolicies.ManagementApi, p => p.AddAuthenticationSchemes(PersonalAccessTokenHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(BridgePolicies.ApiDocument, p => p.AddAuthenticationSchemes(BearerOrCookieScheme).RequireAuthenticatedUser());
}

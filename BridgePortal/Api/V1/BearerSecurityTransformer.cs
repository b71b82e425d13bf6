using BridgePortal.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BridgePortal.Api.V1;

/// <summary>Declares the personal-access-token bearer scheme and requires it on every operation of the document.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeId = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "BridgePortal management API";
        document.Info.Description =
            "Connections, bridges, records, stats and audit entries, with the same roles and ownership rules as the portal. "
            + $"Authenticate with a personal access token from your profile page: 'Authorization: Bearer {PersonalAccessTokenService.TokenPrefix}…'.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "personal access token",
            Description = "A personal access token (bp_pat_…) created on the portal's profile page.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] }];
        return Task.CompletedTask;
    }
}

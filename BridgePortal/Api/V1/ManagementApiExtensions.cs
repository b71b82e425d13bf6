using System.Text.Json.Serialization;
using BridgePortal.Identity;
using Scalar.AspNetCore;
using BridgePortal.Bridges;

namespace BridgePortal.Api.V1;

/// <summary>The management API (<c>/api/v1</c>, personal access tokens), its OpenAPI document and reference page.</summary>
public static class ManagementApiExtensions
{
    public const string DocumentName = "v1";

    public static WebApplicationBuilder AddManagementApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // What writes the problem+json bodies of the API's status-code-only answers (see MapManagementApi).
        services.AddProblemDetails();

        // Enums travel by name, and only by name: an unknown number would otherwise slip through as a value.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        services.AddScoped<RecordSearch>();
        services.AddScoped<RecordReplay>();
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddSchemaTransformer<ConnectionKindSchemaTransformer>();
        });
        return builder;
    }

    public static WebApplication MapManagementApi(this WebApplication app)
    {
        // A binding failure (malformed JSON, an unknown enum name) leaves an empty 400: give it a problem body.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/v1"), branch => branch.UseStatusCodePages());
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(BridgePolicies.ManagementApi)
            .DisableAntiforgery()
            .AddEndpointFilter<ApiErrorFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapConnectionsApi();
        api.MapBridgesApi();
        api.MapRecordsApi();
        api.MapStatsApi();

        app.MapOpenApi().RequireAuthorization(BridgePolicies.ApiDocument);
        app.MapScalarApiReference(o => o
                .WithTitle("BridgePortal API")
                .AddPreferredSecuritySchemes([BearerSecurityTransformer.SchemeId]))
            .RequireAuthorization();
        return app;
    }
}

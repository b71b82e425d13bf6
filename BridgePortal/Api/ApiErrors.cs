namespace BridgePortal.Api;

/// <summary>problem+json for every error of the HTTP API (<c>/api</c>, <c>/hooks</c>), thrown or not; the portal keeps its pages.</summary>
public static class ApiErrors
{
    public static bool IsApiPath(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hooks");

    public static WebApplicationBuilder AddApiErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddSingleton<IApiExceptionMapper, BadRequestMapper>();
        return builder;
    }

    /// <summary>
    /// Inside the portal's own exception handler, so API paths are caught here first in every environment (the
    /// developer page and the HTML error page are for people). Status codes without a body (405, an unknown
    /// <c>/api</c> route) get a problem body too.
    /// </summary>
    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseWhen(http => IsApiPath(http.Request.Path), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        return app;
    }
}

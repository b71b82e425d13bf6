using BridgePortal.Api;
using BridgePortal.Components.Account;
using BridgePortal.Identity;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;
using Serilog;

namespace BridgePortal.Components;

public static class PortalServiceCollectionExtensions
{
    public static WebApplicationBuilder AddBridgePortalUi(this WebApplicationBuilder builder)
    {
        // Running from build output in any environment (not only Development), package assets such as
        // MudBlazor's and blazor.web.js come from the static web assets manifest; published apps ignore this.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // The account pages' redirects are theirs: Identity registers the sign-in services, never the pages' helpers.
        builder.Services.AddScoped<IdentityRedirectManager>();
        return builder;
    }

    public static WebApplication UseBridgePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        // An unknown address a browser asks for (e.g. /nope, /bridges/999999) gets the portal's own not-found page with
        // its 404, not an empty body. Not in a UseWhen branch: a branch of WebApplication cannot re-route the re-executed
        // request. Other requests switch it off, so APIs keep their problem bodies and the Hangfire dashboard its answers.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((http, next) =>
        {
            if (!OpensPortalPage(http.Request) && http.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return next(http);
        });

        // A busy ingest API would flood the log: its successful calls are Debug, everything else Information or worse.
        app.UseSerilogRequestLogging(o => o.GetLevel = (http, _, error) =>
            error is OperationCanceledException && http.RequestAborted.IsCancellationRequested ? Serilog.Events.LogEventLevel.Information
            : error is not null || http.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
            : http.Response.StatusCode < 300 && http.Request.Path.StartsWithSegments("/api/ingest") ? Serilog.Events.LogEventLevel.Debug
            : Serilog.Events.LogEventLevel.Information);
        app.UseAuthentication();
        app.UseMiddleware<FirstRunMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    private static bool OpensPortalPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !ApiErrors.IsApiPath(request.Path) && !request.Path.StartsWithSegments("/jobs")
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    public static WebApplication MapBridgePortal(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapRecordExport();
        app.MapRecordPayload();
        return app;
    }
}

using BridgePortal.Components.Account;
using BridgePortal.Identity;
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
        return builder;
    }

    public static WebApplication UseBridgePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseSerilogRequestLogging();
        app.UseAuthentication();
        app.UseMiddleware<FirstRunMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapBridgePortal(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        return app;
    }
}

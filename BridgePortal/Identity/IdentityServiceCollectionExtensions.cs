using BridgePortal.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>Identity for the portal: users and roles in the database, sign-in, and the seeding of the first Admin.</summary>
public static partial class IdentityServiceCollectionExtensions
{
    public static WebApplicationBuilder AddBridgeIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        AddAuthenticationSchemes(services);

        // Role changes, locks and password resets reach signed-in users within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BridgeDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        AddPolicies(services);
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddSingleton<FirstRunState>();
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<UserAdministration>();
        return builder;
    }

    /// <summary>Creates the roles and, when configured, the bootstrap administrator.</summary>
    public static async Task SeedBridgeIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(CancellationToken.None);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using BridgePortal.Engine;

namespace BridgePortal.Monitoring;

/// <summary>Guards the scrape endpoint: the bearer token when one is configured, otherwise loopback clients only.</summary>
public static class MetricsEndpoint
{
    public static void MapBridgeMetrics(this WebApplication app)
    {
        // Created now, so the queue gauges exist before the first record moves.
        app.Services.GetRequiredService<EngineMetrics>();
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        app.MapPrometheusScrapingEndpoint(options.Path, null, branch => branch.Use(async (context, next) =>
        {
            if (Allowed(context, options.Token))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }), null).AllowAnonymous();
    }

    private static bool Allowed(HttpContext context, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return context.Connection.RemoteIpAddress is not { } ip || IPAddress.IsLoopback(ip);
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}

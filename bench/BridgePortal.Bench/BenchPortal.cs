using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BridgePortal.Bench;

/// <summary>The real portal in PostgreSQL mode, "Production" environment, on a real Kestrel loopback port.</summary>
public sealed class BenchPortal : WebApplicationFactory<Program>
{
    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string> extra;

    private BenchPortal(string connectionString, IReadOnlyDictionary<string, string> extra) => (this.connectionString, this.extra) = (connectionString, extra);

    public Uri Address { get; private set; } = new("http://localhost");

    public static BenchPortal Start(string connectionString, IReadOnlyDictionary<string, string>? extra = null)
    {
        var portal = new BenchPortal(connectionString, extra ?? new Dictionary<string, string>());
        portal.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        portal.StartServer();
        var addresses = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        portal.Address = new Uri(addresses.Addresses.First());
        return portal;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        foreach (var (key, value) in extra)
        {
            builder.UseSetting(key, value);
        }
    }
}

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

    private BenchPortal(string connectionString) => this.connectionString = connectionString;

    public Uri Address { get; private set; } = new("http://localhost");

    public static BenchPortal Start(string connectionString)
    {
        var portal = new BenchPortal(connectionString);
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
    }
}

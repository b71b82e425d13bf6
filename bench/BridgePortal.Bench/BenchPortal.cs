using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BridgePortal.Bench;

/// <summary>The real portal (PostgreSQL or SQLite mode), "Production" environment, on a real Kestrel loopback port.</summary>
public sealed class BenchPortal : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> storage;
    private readonly IReadOnlyDictionary<string, string> extra;

    private BenchPortal(IReadOnlyDictionary<string, string> storage, IReadOnlyDictionary<string, string> extra) => (this.storage, this.extra) = (storage, extra);

    public Uri Address { get; private set; } = new("http://localhost");

    public static BenchPortal Start(string connectionString, IReadOnlyDictionary<string, string>? extra = null) =>
        Start(new Dictionary<string, string> { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = connectionString }, extra);

    /// <summary>The portal on the given storage keys (see <see cref="BenchStorage.PortalSettings"/>).</summary>
    public static BenchPortal Start(IReadOnlyDictionary<string, string> storage, IReadOnlyDictionary<string, string>? extra = null)
    {
        var portal = new BenchPortal(storage, extra ?? new Dictionary<string, string>());
        portal.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        portal.StartServer();
        var addresses = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        portal.Address = new Uri(addresses.Addresses.First());
        return portal;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in storage)
        {
            builder.UseSetting(key, value);
        }

        // The shipped logging levels (appsettings.json), not quieter ones: what logging costs is part of the figure.
        foreach (var (key, value) in extra)
        {
            builder.UseSetting(key, value);
        }
    }
}

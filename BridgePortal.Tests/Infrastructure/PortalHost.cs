using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>
/// The real BridgePortal app on a fresh database: a temp SQLite file, or a new database on the shared
/// throwaway PostgreSQL. <see cref="Kestrel"/> serves it on a real loopback port (for the browser).
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly string? tempDirectory;
    private readonly bool kestrel;
    private readonly Action<IServiceCollection>? services;

    // The connection string the app really uses (its settings add keys such as Max Auto Prepare): its pool.
    private string? appConnectionString;

    private PortalHost(StorageKind storage, Dictionary<string, string?> settings, string? tempDirectory, bool kestrel, Action<IServiceCollection>? services)
    {
        this.services = services;
        Storage = storage;
        this.settings = settings;
        this.tempDirectory = tempDirectory;
        this.kestrel = kestrel;
    }

    public StorageKind Storage { get; }

    /// <summary>Settings to start a second instance on the same database.</summary>
    public Dictionary<string, string?> SameDatabase() => new()
    {
        [Storage == StorageKind.Postgres ? "ConnectionStrings:Postgres" : "Storage:Sqlite"] = ConnectionString,
    };

    /// <summary>The app's database connection string (tests read the database directly through it).</summary>
    public string ConnectionString =>
        Storage == StorageKind.Postgres ? settings["ConnectionStrings:Postgres"]! : settings["Storage:Sqlite"]!;

    /// <summary>The address of the Kestrel server (only with <c>kestrel: true</c>).</summary>
    public Uri Address { get; private set; } = new("http://localhost");

    public static async Task<PortalHost> StartAsync(
        StorageKind storage,
        IReadOnlyDictionary<string, string?>? extra = null,
        bool kestrel = false,
        Action<IServiceCollection>? services = null)
    {
        var settings = await SettingsForAsync(storage);
        string? temp = storage == StorageKind.Sqlite ? Path.GetDirectoryName(settings["Storage:Sqlite"]!["Data Source=".Length..]) : null;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = new PortalHost(storage, settings, temp, kestrel, services);
        if (kestrel)
        {
            host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            host.StartServer();
            var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            host.Address = new Uri(addresses.Addresses.First());
        }
        else
        {
            _ = host.Server; // start now, so start-up failures surface here
        }

        host.appConnectionString = host.Services.GetRequiredService<BridgePortal.Data.StorageSettings>().ConnectionString;

        return host;
    }

    /// <summary>The configuration a fresh app gets for <paramref name="storage"/>.</summary>
    public static async Task<Dictionary<string, string?>> SettingsForAsync(StorageKind storage)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = storage.ToString(),
            ["Hangfire:WorkerCount"] = "2",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        if (storage == StorageKind.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            settings["ConnectionStrings:Postgres"] = await server.CreateDatabaseAsync();
        }
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), "bridgeportal-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            settings["Storage:Sqlite"] = $"Data Source={Path.Combine(dir, "bridgeportal.db")}";
        }

        return settings;
    }

    /// <summary>A client that keeps cookies and does not follow redirects (tests assert on them).</summary>
    public PortalClient CreatePortalClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = kestrel ? Address : new Uri("http://localhost") }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s => s.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // A browser test that ends on an interactive page leaves its circuit open; Kestrel waits for it
            // until the (short, see ConfigureWebHost) shutdown timeout, and Hangfire's stop then sees the
            // cancelled token. The app is stopped either way, and every record is in the database.
        }

        if (Storage == StorageKind.Postgres && appConnectionString is not null)
        {
            // Close this host's idle connections now: the next tests need the server's connection slots.
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(appConnectionString));
        }

        if (tempDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(tempDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

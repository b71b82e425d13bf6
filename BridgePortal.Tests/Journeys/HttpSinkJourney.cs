using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BridgePortal.Tests.Journeys;

/// <summary>
/// What the browser journeys over an Http sink start with: the portal on Kestrel (SQLite), a fake receiving endpoint,
/// Chromium, and a client that ingests through the portal's address. The browser is disposed first: open circuits
/// would hold up the host's shutdown.
/// </summary>
public sealed class HttpSinkJourney : IAsyncDisposable
{
    private HttpSinkJourney(PortalHost host, FakeHttpEndpoint fake, BrowserSession browser)
    {
        Host = host;
        Fake = fake;
        Browser = browser;
        Client = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = host.Address });
    }

    public PortalHost Host { get; }

    public FakeHttpEndpoint Fake { get; }

    public BrowserSession Browser { get; }

    public HttpClient Client { get; }

    public static async Task<HttpSinkJourney> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await PortalHost.StartAsync(StorageKind.Sqlite, settings, kestrel: true);
        FakeHttpEndpoint? fake = null;
        try
        {
            fake = await FakeHttpEndpoint.StartAsync();
            return new HttpSinkJourney(host, fake, await BrowserSession.LaunchAsync());
        }
        catch
        {
            // Chromium missing (a skip) or a start-up failure: what did start is stopped, as `await using` would.
            if (fake is not null)
            {
                await fake.DisposeAsync();
            }

            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Client.Dispose();
        await Fake.DisposeAsync();
        await Host.DisposeAsync();
    }
}

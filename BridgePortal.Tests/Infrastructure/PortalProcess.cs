using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>The portal as its own OS process (so a test can <c>kill -9</c> it), on a free loopback port.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;

    private PortalProcess(Process process, Uri address) => (this.process, Address) = (process, address);

    public Uri Address { get; }

    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.File("BridgePortal"),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BridgePortal.dll"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_CONTENTROOT"] = RepositoryRoot.File("BridgePortal");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { }; // drained, so a chatty log never blocks the child
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(new Uri(portal.Address, "/health"))).StatusCode == HttpStatusCode.OK)
                {
                    return portal;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await portal.DisposeAsync();
                throw new InvalidOperationException($"the portal process did not come up (exited: {process.HasExited})");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed that was not already committed.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

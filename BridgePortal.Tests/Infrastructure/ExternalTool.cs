using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>
/// A server program the tests start on loopback (Prometheus, maildev): found on disk or the test is skipped
/// with the reason, except on CI (<c>CI=true</c>), where a missing tool fails the test (like PostgreSQL).
/// </summary>
public sealed class ExternalTool : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private ExternalTool(Process process, string directory)
    {
        this.process = process;
        this.directory = directory;
    }

    /// <summary>The first existing path of <paramref name="candidates"/>; skips (or fails on CI) when none exists.</summary>
    public static string Require(string what, string install, params string[] candidates)
    {
        var found = candidates.FirstOrDefault(File.Exists);
        if (found is null)
        {
            var reason = $"{what} not found ({string.Join(", ", candidates)}); {install}";
            if (PostgresServer.Required)
            {
                throw new InvalidOperationException("CI=true but " + reason);
            }

            Skip.If(true, $"{what} tests skipped: {reason}");
        }

        return found!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="file"/> in a fresh temp directory (its working directory), after <paramref name="prepare"/> wrote any config there.</summary>
    public static async Task<ExternalTool> StartAsync(string file, Func<string, Task<string>> prepare)
    {
        var directory = Path.Combine(Path.GetTempPath(), "bridgeportal-tools", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var arguments = await prepare(directory);
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var log = Path.Combine(directory, "output.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ExternalTool(process, directory);
    }

    /// <summary>What the program printed so far (for failure messages).</summary>
    public string Output()
    {
        var path = Path.Combine(directory, "output.log");
        lock (process)
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
    }

    /// <summary>Waits until <paramref name="url"/> answers 2xx, or fails with the program's output.</summary>
    public async Task WaitUntilReadyAsync(Uri url, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{Path.GetFileName(process.StartInfo.FileName)} did not become ready at {url}: {Output()}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}

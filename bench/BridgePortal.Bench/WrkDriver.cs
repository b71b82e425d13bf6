using System.Diagnostics;
using System.Text.Json;

namespace BridgePortal.Bench;

/// <summary>
/// Runs Debian's <c>wrk</c> against the ingest API as an external client (its own process, its own event loop):
/// one record per request, a unique <c>Idempotency-Key</c> per request from a per-thread counter, and a Lua
/// <c>done</c> hook that prints the latency percentiles and error counts as one JSON line.
/// </summary>
public static class WrkDriver
{
    private const string Script = """
        local counter = 0
        local threads = {}
        function setup(thread)
          thread:set("tid", #threads)
          table.insert(threads, thread)
        end
        function init(args)
          prefix = os.getenv("BP_PREFIX") .. tid .. "-"
          auth = "Bearer " .. os.getenv("BP_TOKEN")
          padding = string.rep("x", tonumber(os.getenv("BP_PADDING")))
        end
        function request()
          counter = counter + 1
          local id = prefix .. counter
          return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = auth, ["Idempotency-Key"] = id },
            '{"id":"' .. id .. '","kind":"bench","n":' .. counter .. ',"text":"' .. padding .. '"}')
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('WRK-JSON {"requests":%d,"durationUs":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
            '"p50Ms":%.3f,"p90Ms":%.3f,"p95Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f,"meanMs":%.3f}\n',
            summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
            latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
            latency.max / 1000, latency.mean / 1000))
        end
        """;

    public static bool Available => File.Exists("/usr/bin/wrk");

    /// <summary>Runs wrk for <paramref name="seconds"/>; returns its JSON summary (latencies in ms) and its plain report.</summary>
    public static async Task<(JsonElement Summary, string Report)> RunAsync(Uri url, string token, int connections, double seconds, int payloadBytes, string prefix, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"bridgeportal-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script, cancellationToken);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/wrk")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-t", "2", "-c", connections.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", $"{seconds:0}s", "--latency", "-s", script, url.ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["BP_TOKEN"] = token;
            start.Environment["BP_PREFIX"] = prefix;
            start.Environment["BP_PADDING"] = Math.Max(0, payloadBytes - 90).ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK-JSON ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no summary (exit {process.ExitCode}): {errors}{output}");
            return (JsonDocument.Parse(line["WRK-JSON ".Length..]).RootElement.Clone(), output);
        }
        finally
        {
            File.Delete(script);
        }
    }
}

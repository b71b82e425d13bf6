using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BridgePortal.Bench;

/// <summary>
/// An Event Hubs batch-send endpoint on 127.0.0.1: checks that a SharedAccessSignature is present, answers
/// 201, counts events and distinct natural ids (from each event's UserProperties), and notes when the first
/// and last new event arrived.
/// </summary>
public sealed class BenchHub : IAsyncDisposable
{
    public const string Namespace = "bench-ns.servicebus.windows.net";
    public const string Hub = "bench";

    private readonly WebApplication app;
    private readonly HashSet<string> seen = [];
    private long events;
    private long batches;
    private long maxBatchBytes;
    private long firstAt;
    private long lastAt;

    private BenchHub(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = default!;

    public long Events => Interlocked.Read(ref events);

    public long Batches => Interlocked.Read(ref batches);

    public long MaxBatchBytes => Interlocked.Read(ref maxBatchBytes);

    public int Distinct
    {
        get
        {
            lock (seen)
            {
                return seen.Count;
            }
        }
    }

    /// <summary>Stopwatch timestamps of the first and the latest new event.</summary>
    public (long First, long Last) Window => (Interlocked.Read(ref firstAt), Interlocked.Read(ref lastAt));

    public static async Task<BenchHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
        });
        var app = builder.Build();
        var hub = new BenchHub(app);
        app.MapPost($"/{Hub}/messages", hub.SendAsync);
        await app.StartAsync();
        hub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return hub;
    }

    public string ConnectionString => $"Endpoint=sb://{Namespace}/;SharedAccessKeyName=send;SharedAccessKey=YmVuY2gta2V5;EntityPath={Hub}";

    private async Task SendAsync(HttpContext http)
    {
        if (!http.Request.Headers.Authorization.ToString().StartsWith("SharedAccessSignature ", StringComparison.Ordinal))
        {
            http.Response.StatusCode = 401;
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        using var document = JsonDocument.Parse(bytes);
        var now = Stopwatch.GetTimestamp();
        var fresh = 0;
        lock (seen)
        {
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (seen.Add(item.GetProperty("UserProperties").GetProperty("naturalId").GetString()!))
                {
                    fresh++;
                }
            }
        }

        Interlocked.Add(ref events, document.RootElement.GetArrayLength());
        Interlocked.Increment(ref batches);
        if (buffer.Length > Interlocked.Read(ref maxBatchBytes))
        {
            Interlocked.Exchange(ref maxBatchBytes, buffer.Length);
        }

        if (fresh > 0)
        {
            Interlocked.CompareExchange(ref firstAt, now, 0);
            Interlocked.Exchange(ref lastAt, now);
        }

        http.Response.StatusCode = 201;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BridgePortal.Bench;

/// <summary>
/// The Http sink's target: a minimal Kestrel app on 127.0.0.1 that answers 200 and notes, per
/// <c>Idempotency-Key</c> (<c>"&lt;naturalId&gt;:v&lt;version&gt;"</c>), when it first arrived
/// (<see cref="Stopwatch.GetTimestamp"/>, the clock the load driver uses). Measured natural ids are
/// <c>m-&lt;index&gt;</c>; everything else (warm-up) is only counted.
/// </summary>
public sealed class RecordingSink : IAsyncDisposable
{
    public const string MeasuredPrefix = "m-";

    private readonly WebApplication app;
    private readonly long[] receivedAt;
    private long measured;
    private long duplicates;
    private long other;

    private RecordingSink(WebApplication app, int capacity)
    {
        this.app = app;
        receivedAt = new long[capacity];
    }

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Distinct measured records received.</summary>
    public long Measured => Interlocked.Read(ref measured);

    /// <summary>Measured records received more than once (at-least-once redeliveries).</summary>
    public long Duplicates => Interlocked.Read(ref duplicates);

    /// <summary>Requests for warm-up or unknown keys.</summary>
    public long Other => Interlocked.Read(ref other);

    /// <summary>When measured record <paramref name="index"/> first arrived (0: not yet).</summary>
    public long ReceivedAt(int index) => Volatile.Read(ref receivedAt[index]);

    public static async Task<RecordingSink> StartAsync(int capacity)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new RecordingSink(app, capacity);
        app.Run(sink.HandleAsync);
        await app.StartAsync();
        sink.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Stopwatch.GetTimestamp();
        Note(context.Request.Headers["Idempotency-Key"].ToString(), now);
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private void Note(string key, long now)
    {
        var colon = key.LastIndexOf(":v", StringComparison.Ordinal);
        var naturalId = colon < 0 ? key : key[..colon];
        if (naturalId.StartsWith(MeasuredPrefix, StringComparison.Ordinal)
            && int.TryParse(naturalId.AsSpan(MeasuredPrefix.Length), out var index)
            && index >= 0 && index < receivedAt.Length)
        {
            if (Interlocked.CompareExchange(ref receivedAt[index], now, 0) == 0)
            {
                Interlocked.Increment(ref measured);
            }
            else
            {
                Interlocked.Increment(ref duplicates);
            }

            return;
        }

        Interlocked.Increment(ref other);
    }
}

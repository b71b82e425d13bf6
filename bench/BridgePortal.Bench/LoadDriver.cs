using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace BridgePortal.Bench;

/// <summary>What the driver saw of one phase of load.</summary>
public sealed class LoadResult(int capacity)
{
    /// <summary>Per request index: when it was due (rate mode) or sent, when it was sent, when the answer came; 0 = never.</summary>
    public long[] Scheduled { get; } = new long[capacity];

    public long[] Sent { get; } = new long[capacity];

    public long[] Acked { get; } = new long[capacity];

    public bool[] Accepted { get; } = new bool[capacity];

    public int Issued;

    /// <summary>Rate mode: requests due within the window that could not be sent in it (at most <c>concurrency</c> in flight).</summary>
    public int NotSentBehindSchedule;

    public long StartedAt;

    public long StoppedAt;

    public Dictionary<string, int> Failures { get; } = [];

    public void Fail(string what)
    {
        lock (Failures)
        {
            Failures[what] = Failures.GetValueOrDefault(what) + 1;
        }
    }
}

/// <summary>
/// Drives requests at the portal: closed loop at a fixed concurrency, or open loop at a fixed rate (at most
/// <c>concurrency</c> in flight; a late request's latency counts from when it was due). What each request is
/// comes from <c>build(prefix, index)</c>; <see cref="Ingest"/> gives <c>POST /api/ingest/{key}</c> with one
/// record per request and a unique natural id (<c>Idempotency-Key: &lt;prefix&gt;&lt;index&gt;</c>).
/// </summary>
public sealed class LoadDriver(Uri portal, int concurrency, Func<string, int, HttpRequestMessage> build) : IDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = portal,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>The ingest API: one record per request, natural id <c>&lt;prefix&gt;&lt;index&gt;</c>.</summary>
    public static LoadDriver Ingest(Uri portal, BenchBridge bridge, int concurrency, int payloadBytes)
    {
        var authorization = new AuthenticationHeaderValue("Bearer", bridge.Token);
        var padding = new string('x', Math.Max(0, payloadBytes - 90));
        return new LoadDriver(portal, concurrency, (prefix, index) =>
        {
            var naturalId = prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = Encoding.UTF8.GetBytes($$"""{"id":"{{naturalId}}","sentAt":"{{DateTime.UtcNow:O}}","kind":"bench","n":{{index}},"text":"{{padding}}"}""");
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/{bridge.Key}")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
            };
            request.Headers.Authorization = authorization;
            request.Headers.TryAddWithoutValidation("Idempotency-Key", naturalId);
            return request;
        });
    }

    public async Task<LoadResult> RunAsync(string prefix, TimeSpan duration, double rate, int maxRequests, CancellationToken cancellationToken)
    {
        var result = new LoadResult(maxRequests);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        result.StartedAt = Stopwatch.GetTimestamp();
        if (rate > 0)
        {
            await OpenLoopAsync(prefix, result, rate, deadline, maxRequests, cancellationToken);
        }
        else
        {
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
                {
                    var index = Interlocked.Increment(ref result.Issued) - 1;
                    if (index >= maxRequests)
                    {
                        return;
                    }

                    await SendAsync(prefix, index, Stopwatch.GetTimestamp(), result, cancellationToken);
                }
            }, cancellationToken));
            await Task.WhenAll(workers);
            result.Issued = Math.Min(result.Issued, maxRequests);
        }

        result.StoppedAt = Stopwatch.GetTimestamp();
        return result;
    }

    public void Dispose() => client.Dispose();

    private async Task OpenLoopAsync(string prefix, LoadResult result, double rate, long deadline, int maxRequests, CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(concurrency);
        var pending = new List<Task>();
        var start = result.StartedAt;
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var next = 0;
        while (!cancellationToken.IsCancellationRequested && next < maxRequests)
        {
            var now = Stopwatch.GetTimestamp();
            var due = start + (long)(next * ticksPerRequest);
            if (due >= deadline || now >= deadline)
            {
                break; // the window is over: what is still due counts as not sent, not as a late send
            }

            if (due > now)
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(1, (due - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)), cancellationToken);
                continue;
            }

            await inFlight.WaitAsync(cancellationToken);
            var index = next++;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await SendAsync(prefix, index, due, result, cancellationToken);
                }
                finally
                {
                    inFlight.Release();
                }
            }, cancellationToken));
        }

        result.Issued = next;
        result.NotSentBehindSchedule = Math.Max(0, Math.Min(maxRequests, (int)((deadline - start) / ticksPerRequest)) - next);
        await Task.WhenAll(pending);
    }

    private async Task SendAsync(string prefix, int index, long scheduled, LoadResult result, CancellationToken cancellationToken)
    {
        using var request = build(prefix, index);
        result.Scheduled[index] = scheduled;
        result.Sent[index] = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            result.Acked[index] = Stopwatch.GetTimestamp();
            if (response.IsSuccessStatusCode)
            {
                result.Accepted[index] = true;
            }
            else
            {
                result.Fail($"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            result.Acked[index] = Stopwatch.GetTimestamp();
            result.Fail(e.GetType().Name);
        }
    }
}

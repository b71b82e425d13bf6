using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace BridgePortal.Bench;

/// <summary>
/// Listens, in-process, to the durations the stack already measures, while <see cref="Recording"/> is on:
/// the portal's server-side request time (<c>http.server.request.duration</c> by route), Npgsql's command
/// time (<c>db.client.operation.duration</c>), HttpClient request time and time queued for a connection,
/// split into the bench client (to the portal) and the Http sink's client (to the sink); and, when
/// <see cref="Poll"/> is called, Npgsql's pool gauges (connections by state, requests waiting for one).
/// </summary>
public sealed class MeterCollector : IDisposable
{
    private static readonly HashSet<string> Wanted =
    [
        "http.server.request.duration",
        "http.client.request.duration",
        "http.client.request.time_in_queue",
        "db.client.operation.duration",
        "db.client.connection.count",
        "db.client.connection.npgsql.pending_requests",
    ];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> histograms = new();
    private readonly ConcurrentDictionary<string, double> pollSum = new();
    private readonly ConcurrentDictionary<string, double> pollMax = new();
    private readonly Dictionary<int, string> ports;
    private long polls;

    public MeterCollector(Uri portal, Uri sink, int postgresPort)
    {
        ports = new() { [portal.Port] = "bench→portal", [sink.Port] = "portal→sink", [postgresPort] = "portal→postgres" };
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (Wanted.Contains(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
    }

    public volatile bool Recording;

    /// <summary>Reads the observable gauges once (call it periodically while recording).</summary>
    public void Poll()
    {
        listener.RecordObservableInstruments();
        Interlocked.Increment(ref polls);
    }

    public object Summary()
    {
        var n = Math.Max(1, Interlocked.Read(ref polls));
        return new
        {
            durationsMs = histograms.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv =>
            {
                var values = kv.Value.ToList();
                return new { summary = Latency.Summarize(values), totalSeconds = Math.Round(values.Sum() / 1000, 2) };
            }),
            gauges = pollSum.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => new { avg = Math.Round(kv.Value / n, 2), max = pollMax[kv.Key] }),
        };
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!Recording)
        {
            return;
        }

        string? route = null, state = null;
        int? port = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.route":
                    route = tag.Value as string;
                    break;
                case "server.port":
                    port = tag.Value as int?;
                    break;
                case "db.client.connection.state":
                    state = tag.Value as string;
                    break;
            }
        }

        var key = instrument.Name;
        if (route is not null)
        {
            key += " " + route;
        }

        if (port is { } p)
        {
            key += " " + ports.GetValueOrDefault(p, p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (state is not null)
        {
            key += " " + state;
        }

        if (instrument.IsObservable)
        {
            pollSum.AddOrUpdate(key, value, (_, sum) => sum + value);
            pollMax.AddOrUpdate(key, value, (_, max) => Math.Max(max, value));
            return;
        }

        // Durations are reported in seconds; keep milliseconds.
        histograms.GetOrAdd(key, _ => new ConcurrentQueue<double>()).Enqueue(instrument.Unit == "s" ? value * 1000 : value);
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// The engine's OpenTelemetry instruments (meter and activity source <c>BridgePortal</c>). Each method is
/// called in one line from intake, dispatch and polling, so the engine's code stays about moving records.
/// Names and labels: docs/metrics.md.
/// </summary>
public sealed class EngineMetrics
{
    public const string Name = "BridgePortal";

    /// <summary>The spans of intake, delivery and polling; the HTTP request span (ASP.NET Core) is their parent.</summary>
    public static readonly ActivitySource Source = new(Name);

    // Seconds from received to delivered: sub-second for a healthy sink, up to hours behind a backoff.
    private static readonly double[] LatencyBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400];

    private readonly Counter<long> received;
    private readonly Counter<long> delivered;
    private readonly Counter<long> failed;
    private readonly Counter<long> retried;
    private readonly Counter<long> attempts;
    private readonly Histogram<double> latency;
    private readonly Counter<long> polls;
    private readonly Counter<long> fetched;

    public EngineMetrics(IMeterFactory meters, QueueSnapshot queue)
    {
        var meter = meters.Create(Name);
        received = meter.CreateCounter<long>("bridgeportal.records.received", "{record}", "Records stored by intake, by disposition (accepted, updated, unchanged).");
        delivered = meter.CreateCounter<long>("bridgeportal.records.delivered", "{record}", "Records a sink confirmed.");
        failed = meter.CreateCounter<long>("bridgeportal.records.failed", "{record}", "Records that gave up or failed permanently.");
        retried = meter.CreateCounter<long>("bridgeportal.records.retried", "{record}", "Transient failures that will be retried.");
        attempts = meter.CreateCounter<long>("bridgeportal.delivery.attempts", "{attempt}", "Delivery attempts by outcome and HTTP status.");
        latency = meter.CreateHistogram("bridgeportal.delivery.latency", "s", "Received → delivered.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        polls = meter.CreateCounter<long>("bridgeportal.polls", "{poll}", "Polls of pull sources, by result (ok, failed).");
        fetched = meter.CreateCounter<long>("bridgeportal.polls.fetched", "{record}", "Records polls handed to intake.");
        meter.CreateObservableGauge("bridgeportal.queue.depth", () => queue.Current().Select(q => new Measurement<long>(q.Depth, Bridge(q.BridgeId, q.BridgeName))), "{record}", "Pending and Delivering records per bridge.");
        meter.CreateObservableGauge("bridgeportal.queue.oldest_age", () => queue.Current().Select(q => new Measurement<double>(q.OldestAgeSeconds, Bridge(q.BridgeId, q.BridgeName))), "s", "Age of the oldest Pending or Delivering record per bridge.");
    }

    /// <summary>A span around one intake call (the HTTP request or a polled page).</summary>
    public static Activity? StartIntake(Bridge bridge, int count) =>
        Source.StartActivity("intake")?.SetTag("bridgeportal.bridge_id", bridge.Id.ToString()).SetTag("bridgeportal.record_count", count);

    /// <summary>A span around one sink call; its record ids tie it to the intake spans that stored them.</summary>
    public static Activity? StartDelivery(Bridge bridge, IReadOnlyList<OutboundRecord> batch)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var ids = batch.Select(r => r.RecordId).ToArray();
        return Source.StartActivity("deliver", ActivityKind.Client, default(ActivityContext), links: RecordTraceLinks.For(bridge.Id, ids))?
            .SetTag("bridgeportal.bridge_id", bridge.Id.ToString()).SetTag("bridgeportal.sink_kind", bridge.SinkKind)
            .SetTag("bridgeportal.record_ids", ids).SetTag("bridgeportal.attempts", batch.Select(r => r.AttemptNumber).ToArray());
    }

    public static Activity? StartPoll(Guid bridgeId) => Source.StartActivity("poll")?.SetTag("bridgeportal.bridge_id", bridgeId.ToString());

    /// <summary>After intake committed: counts by disposition and tags the intake span with the record ids.</summary>
    public void Received(Bridge bridge, IReadOnlyList<IntakeResult> results)
    {
        foreach (var group in results.GroupBy(r => r.Disposition))
        {
            received.Add(group.Count(), Bridge(bridge).Append(new("source_kind", bridge.SourceKind)).Append(new("disposition", Lower(group.Key))).ToArray());
        }

        if (Activity.Current is { } intake)
        {
            intake.SetTag("bridgeportal.record_ids", results.Select(r => r.RecordId).ToArray());
            RecordTraceLinks.Remember(bridge.Id, results.Select(r => r.RecordId), intake.Context);
        }
    }

    /// <summary>After the outcomes of a batch were stored: each try's final outcome (a transient failure on the last try is GaveUp).</summary>
    public void Outcomes(Bridge bridge, IEnumerable<(DateTime ReceivedAt, AttemptOutcome Outcome, int? HttpStatus)> results, DateTime now)
    {
        var tags = Bridge(bridge).Append(new("sink_kind", bridge.SinkKind)).ToArray();
        foreach (var (receivedAt, outcome, httpStatus) in results)
        {
            attempts.Add(1, [.. tags, new("outcome", Lower(outcome)), new("http_status", httpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")]);
            switch (outcome)
            {
                case AttemptOutcome.Delivered:
                    delivered.Add(1, tags);
                    latency.Record(Math.Max(0, (now - receivedAt).TotalSeconds), tags);
                    break;
                case AttemptOutcome.TransientFailure:
                    retried.Add(1, tags);
                    break;
                default:
                    failed.Add(1, tags);
                    break;
            }
        }
    }

    public void Polled(Bridge bridge, int count, bool succeeded)
    {
        var tags = Bridge(bridge).Append(new("source_kind", bridge.SourceKind)).ToArray();
        polls.Add(1, [.. tags, new("result", succeeded ? "ok" : "failed")]);
        fetched.Add(count, tags);
    }

    private static KeyValuePair<string, object?>[] Bridge(Bridge bridge) => Bridge(bridge.Id, bridge.Name);

    private static KeyValuePair<string, object?>[] Bridge(Guid id, string name) => [new("bridge_id", id.ToString()), new("bridge", name)];

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString() switch
        {
            "TransientFailure" => "transient_failure",
            "PermanentFailure" => "permanent_failure",
            "GaveUp" => "gave_up",
            var s => s.ToLowerInvariant(),
        };
}

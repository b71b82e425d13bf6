using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BridgePortal.Data.Model;
using BridgePortal.Tests.Connectors.Http;
using BridgePortal.Tests.Infrastructure;
using BridgePortal.Engine;

namespace BridgePortal.Tests.Monitoring;

/// <summary>Spans follow a record from the inbound request through intake to each delivery attempt.</summary>
public sealed class TraceTests
{
    [Fact]
    public async Task One_ingest_request_its_intake_and_each_delivery_attempt_are_linked_and_carry_the_record_id()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is EngineMetrics.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var fake = await FakeHttpEndpoint.StartAsync();
        var tries = 0;
        fake.Respond(_ => Interlocked.Increment(ref tries) == 1 ? (503, "busy") : (200, "{}")); // two attempts: a retry and a delivery
        await using var host = await PortalHost.StartAsync(StorageKind.Sqlite);
        var bridge = await TestBridges.CreateHttpBridgeAsync(host, fake.BaseAddress);
        using var client = host.CreateClient();

        var response = await TestBridges.IngestAsync(client, bridge, """{"n":1}""", idempotencyKey: "traced");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var recordId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records")[0].GetProperty("id").GetInt64();
        await Eventually.UntilAsync(async () => (await host.RecordsAsync(bridge.Id)).Single().Attempts == 1, "the first try failed");
        await host.UntilStatusAsync(bridge.Id, "traced", RecordStatus.Delivered);
        await Eventually.UntilAsync(() => Task.FromResult(Deliveries(spans, bridge.Id).Count() == 2), "both delivery spans ended");

        static bool Carries(Activity a, long id) => a.GetTagItem("bridgeportal.record_ids") is long[] ids && ids.Contains(id);
        // Other tests' hosts trace at the same time, with record ids of their own databases: the bridge tells them apart.
        var intake = Assert.Single(spans, s => s.Source.Name == EngineMetrics.Name && s.OperationName == "intake" && Carries(s, recordId)
            && (string?)s.GetTagItem("bridgeportal.bridge_id") == bridge.Id.ToString());
        Assert.Equal(bridge.Id.ToString(), intake.GetTagItem("bridgeportal.bridge_id"));
        Assert.Equal(ActivityIdFormat.W3C, intake.IdFormat);
        Assert.NotEqual(default, intake.SpanId);
        var request = intake.Parent; // the intake span is a child of the inbound request's span
        Assert.True(request is not null, $"the intake span has no parent in process (parent span id {intake.ParentSpanId})");
        Assert.Equal(("Microsoft.AspNetCore", intake.TraceId, intake.ParentSpanId), (request.Source.Name, request.TraceId, request.SpanId));

        var deliveries = Deliveries(spans, bridge.Id).ToList();
        Assert.All(deliveries, d => Assert.True(Carries(d, recordId)));
        Assert.Equal([1, 2], deliveries.Select(d => ((int[])d.GetTagItem("bridgeportal.attempts")!).Single()).Order());

        // Each attempt links to the intake span: it runs later (the retry ~10 s later), on the engine's loop, in a trace of its own.
        Assert.All(deliveries, d =>
        {
            var link = Assert.Single(d.Links);
            Assert.Equal((intake.TraceId, intake.SpanId), (link.Context.TraceId, link.Context.SpanId));
        });
    }

    private static IEnumerable<Activity> Deliveries(IEnumerable<Activity> spans, Guid bridgeId) =>
        spans.Where(s => s.Source.Name == EngineMetrics.Name && s.OperationName == "deliver" && (string?)s.GetTagItem("bridgeportal.bridge_id") == bridgeId.ToString());
}

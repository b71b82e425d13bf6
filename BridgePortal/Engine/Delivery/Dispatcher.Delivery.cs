using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>Handing a claimed batch to the sink: the field mapping applied per record, chunks within the sink's limits, and one outcome per record whatever the sink does.</summary>
public sealed partial class Dispatcher
{
    private async Task<List<DeliveryResult>> DeliverAsync(LoadedBridge loaded, List<ClaimedRecord> claimed, CancellationToken cancellationToken)
    {
        var results = new List<DeliveryResult>(claimed.Count);
        var outbound = new List<OutboundRecord>(claimed.Count);
        var byId = claimed.ToDictionary(r => r.Id);
        foreach (var record in claimed)
        {
            try
            {
                outbound.Add(new OutboundRecord(record.Id, record.NaturalId, loaded.Mapping.Apply(record.Payload ?? "null"), record.Version, record.Attempts + 1));
            }
            catch (System.Text.Json.JsonException e)
            {
                results.Add(new(record, DeliveryOutcome.Permanent(record.Id, "The field mapping could not be applied: " + e.Message), clock.GetUtcNow().UtcDateTime, 0));
            }
        }

        foreach (var chunk in SinkChunks.Split(outbound, loaded.Limits))
        {
            var startedAt = clock.GetUtcNow().UtcDateTime;
            var timestamp = clock.GetTimestamp();
            using var span = EngineMetrics.StartDelivery(loaded.Bridge, chunk);
            IReadOnlyList<DeliveryOutcome> outcomes;
            try
            {
                outcomes = await loaded.Sink.DeliverAsync(loaded.Context, chunk, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sink {Sink} of bridge {BridgeId} threw; its records will be retried", loaded.Sink.Kind, loaded.Bridge.Id);
                var error = ErrorSentences.IsTransport(e)
                    ? $"{loaded.Sink.Kind}: the delivery got no answer ({ErrorSentences.Reason(e)}). Check the sink connection's server address; it is tried again later."
                    : $"{loaded.Sink.Kind}: the delivery stopped on an unexpected error (details in the server log). It is tried again later.";
                outcomes = [.. chunk.Select(r => DeliveryOutcome.Transient(r.RecordId, error))];
            }

            var ms = (int)clock.GetElapsedTime(timestamp).TotalMilliseconds;
            var answered = new HashSet<long>();
            foreach (var outcome in outcomes)
            {
                if (byId.TryGetValue(outcome.RecordId, out var record) && answered.Add(outcome.RecordId))
                {
                    results.Add(new(record, outcome, startedAt, ms));
                }
            }

            foreach (var missing in chunk.Where(r => !answered.Contains(r.RecordId)))
            {
                results.Add(new(byId[missing.RecordId], DeliveryOutcome.Transient(missing.RecordId, "The sink returned no outcome for this record."), startedAt, ms));
            }
        }

        return results;
    }
}

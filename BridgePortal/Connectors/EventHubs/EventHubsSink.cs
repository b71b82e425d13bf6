using System.Net.Http.Headers;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>
/// Sends records as events through the Event Hubs REST batch API: batches are packed by their serialized
/// size (under the tier's limit) and count; one event too large for any batch fails alone, permanently.
/// 401/403 are permanent (credentials), 408/429/5xx and timeouts transient.
/// </summary>
public sealed class EventHubsSink(EventHubsClientFactory clients, SasTokens tokens, ILogger<EventHubsSink> logger) : ISink
{
    public const string SinkKind = "EventHubs";
    private const string BatchContentType = "application/vnd.microsoft.servicebus.json";

    public string Kind => SinkKind;


    public string DisplayName => "Azure Event Hubs (events)";

    public ConnectionKind? ConnectionKind => EventHubsConnectionKind.Kind;

    public IReadOnlyList<BridgePortal.Connectors.Abstractions.SettingField> SettingsFields { get; } =
    [
        new(EventHubsSettings.PartitionKeyPath, "Partition key path", Help: "Dotted path of a payload field whose value becomes the partition key (events with one key keep their order)"),
        new(EventHubsSettings.MaxBatchBytes, "Max batch bytes", Help: "The tier's limit for one batch: 262144 (Basic/Standard, the default) or 1048576 (Premium/Dedicated)"),
        new(EventHubsSettings.MaxBatchCount, "Max events per batch", Help: "Default 500"),
    ];

    public SinkLimits GetLimits(SinkContext context)
    {
        var settings = context.Settings;
        // The engine's chunks are by payload bytes; the sink re-packs by serialized size, so hand it up to 4 batches' worth.
        return new SinkLimits(Count(settings) * 4, Bytes(settings) * 4L);
    }

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection is null || EventHubsTarget.From(context.Connection) is not ({ } target, _))
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's Event Hubs connection is incomplete: open it and test it."))];
        }

        var settings = context.Settings;
        var maxBytes = Bytes(settings);
        var maxCount = Count(settings);
        var partitionPath = settings.GetValueOrDefault(EventHubsSettings.PartitionKeyPath)?.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var pending = new List<(OutboundRecord Record, byte[] Json)>();
        var pendingBytes = 2;
        var api = clients.Create(target);

        foreach (var record in batch)
        {
            var json = EventHubsBatchItem.Serialize(context.Bridge, record, partitionPath);
            if (json.Length + 2 > maxBytes)
            {
                outcomes.Add(DeliveryOutcome.Permanent(record.RecordId,
                    $"The event is {json.Length} bytes as sent, over the hub's limit of {maxBytes} bytes for one event or batch: it can never be sent."));
                continue;
            }

            if (pending.Count > 0 && (pending.Count >= maxCount || pendingBytes + json.Length + 1 > maxBytes))
            {
                outcomes.AddRange(await SendAsync(api, target, pending, cancellationToken));
                (pending, pendingBytes) = ([], 2);
            }

            pending.Add((record, json));
            pendingBytes += json.Length + 1;
        }

        if (pending.Count > 0)
        {
            outcomes.AddRange(await SendAsync(api, target, pending, cancellationToken));
        }

        return outcomes;
    }

    private async Task<IEnumerable<DeliveryOutcome>> SendAsync(
        IEventHubsApi api, EventHubsTarget target, List<(OutboundRecord Record, byte[] Json)> events, CancellationToken cancellationToken)
    {
        var body = new byte[2 + events.Sum(e => e.Json.Length) + events.Count - 1];
        body[0] = (byte)'[';
        var at = 1;
        foreach (var (_, json) in events)
        {
            if (at > 1)
            {
                body[at++] = (byte)',';
            }

            json.CopyTo(body, at);
            at += json.Length;
        }

        body[at] = (byte)']';
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(BatchContentType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            using var response = await api.SendAsync(target.Hub, tokens.For(target), content, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return events.Select(e => DeliveryOutcome.Delivered(e.Record.RecordId, code));
            }

            var detail = Detail(await response.Content.ReadAsStringAsync(CancellationToken.None));
            var message = code switch
            {
                401 or 403 => $"Event Hubs refused the credentials ({code}): {detail} Fix the connection's key, then retry.",
                404 => $"Event Hubs has no hub '{target.Hub}' (404): {detail}",
                413 => $"Event Hubs found the batch too large (413): {detail}",
                _ => $"Event Hubs answered {code}: {detail}",
            };
            if (code is 401 or 403)
            {
                tokens.Forget();
                logger.LogWarning("Event Hubs refused the credentials for {Namespace}/{Hub} ({Status})", target.Namespace, target.Hub, code);
            }

            var transient = code is 408 or 429 or >= 500;
            return events.Select(e => transient ? DeliveryOutcome.Transient(e.Record.RecordId, message, code) : DeliveryOutcome.Permanent(e.Record.RecordId, message, code));
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var message = ErrorSentences.Unreachable(Target(target), e);
            return events.Select(r => DeliveryOutcome.Transient(r.Record.RecordId, message));
        }
    }

    public static ApiTarget Target(EventHubsTarget target) => new("Event Hubs", target.ServiceUri.ToString(), "Check the namespace (or service URL) of the connection.");

    private static string Detail(string body)
    {
        var text = System.Text.RegularExpressions.Regex.Match(body, "<Detail>(.*?)</Detail>", System.Text.RegularExpressions.RegexOptions.Singleline) is { Success: true } m
            ? m.Groups[1].Value
            : body;
        text = text.Trim();
        return text.Length > 500 ? text[..500] + "…" : text.Length == 0 ? "(no detail)" : text;
    }

    private static int Bytes(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(EventHubsSettings.MaxBatchBytes, out var v) && int.TryParse(v, out var n) && n is >= 1024 and <= 1024 * 1024 ? n : EventHubsSettings.DefaultMaxBatchBytes;

    private static int Count(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(EventHubsSettings.MaxBatchCount, out var v) && int.TryParse(v, out var n) && n is >= 1 and <= 5000 ? n : EventHubsSettings.DefaultMaxBatchCount;
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.EventHubs;

// Event Hubs' REST send: one event or a batch (`application/vnd.microsoft.servicebus.json`), size limit, partition keys.
public sealed partial class FakeEventHubs
{
    private async Task SendAsync(HttpContext context, string[] segments)
    {
        var request = context.Request;
        var publisher = segments is [_, "publishers", var name, _] ? Uri.UnescapeDataString(name) : null;
        if (Authenticate(request, publisher) is { } failure)
        {
            Interlocked.Increment(ref rejected);
            await WriteAsync(context, 401, failure);
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();

        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref rejected);
                return;
            }
        }

        (int Status, string Body)? injected = null;
        lock (gate)
        {
            if (failCount > 0)
            {
                failCount--;
                injected = (failStatus, failBody);
            }
        }

        if (injected is { } fail)
        {
            Interlocked.Increment(ref rejected);
            await WriteAsync(context, fail.Status, fail.Body);
            return;
        }

        if (body.Length > MaxBatchBytes)
        {
            Interlocked.Increment(ref rejected);
            await WriteAsync(context, 413, $"<Error><Code>413</Code><Detail>The received message (delivery-id:0, size:{body.Length} bytes) exceeds the limit ({MaxBatchBytes} bytes)</Detail></Error>");
            return;
        }

        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        List<(string Body, Dictionary<string, string> Properties, string? PartitionKey)> parsed;
        try
        {
            parsed = string.Equals(mediaType, BatchContentType, StringComparison.OrdinalIgnoreCase)
                ? ParseBatch(body)
                : [(Encoding.UTF8.GetString(body), new Dictionary<string, string>(), PartitionKeyOf(request.Headers["BrokerProperties"].ToString()))];
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            Interlocked.Increment(ref rejected);
            await WriteAsync(context, 400, $"<Error><Code>400</Code><Detail>BadRequest: {WebUtility.HtmlEncode(e.Message)}</Detail></Error>");
            return;
        }

        var now = TimeProvider.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            var number = Interlocked.Increment(ref requests);
            events.AddRange(parsed.Select(p => new ReceivedEvent(p.Body, p.Properties, p.PartitionKey, now, number)));
        }

        context.Response.StatusCode = 201;
    }

    private static List<(string Body, Dictionary<string, string> Properties, string? PartitionKey)> ParseBatch(byte[] body)
    {
        if (JsonNode.Parse(body) is not JsonArray array)
        {
            throw new FormatException("a batch must be a JSON array of messages");
        }

        var parsed = new List<(string, Dictionary<string, string>, string?)>();
        foreach (var item in array)
        {
            if (item is not JsonObject message || message["Body"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                throw new FormatException("each batch message must be an object with a string Body");
            }

            var properties = new Dictionary<string, string>();
            if (message["UserProperties"] is JsonObject user)
            {
                foreach (var (name, v) in user)
                {
                    properties[name] = v is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : v?.ToJsonString() ?? "";
                }
            }

            var partitionKey = message["BrokerProperties"] is JsonObject broker ? broker["PartitionKey"]?.GetValue<string>() : null;
            parsed.Add((value.GetValue<string>(), properties, partitionKey));
        }

        return parsed;
    }

    private static string? PartitionKeyOf(string brokerProperties) =>
        string.IsNullOrWhiteSpace(brokerProperties)
            ? null
            : JsonNode.Parse(brokerProperties) is JsonObject broker ? broker["PartitionKey"]?.GetValue<string>() : throw new FormatException("BrokerProperties must be a JSON object");
}

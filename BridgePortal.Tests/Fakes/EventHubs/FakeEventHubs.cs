using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BridgePortal.Tests.Fakes;

/// <summary>One event the fake Event Hub accepted.</summary>
/// <param name="RequestNumber">1-based number of the accepted POST that carried the event (events of one batch share it).</param>
public sealed record ReceivedEvent(string Body, IReadOnlyDictionary<string, string> UserProperties, string? PartitionKey, DateTime ReceivedAt, int RequestNumber);

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for an Azure Event Hubs namespace's REST send API. It checks the
/// SAS token of every request (<c>Authorization: SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c>), takes
/// single sends (<c>application/atom+xml</c>, optional <c>BrokerProperties</c> header) and batches
/// (<c>application/vnd.microsoft.servicebus.json</c>) on <c>POST /{hub}/messages</c> (also
/// <c>/{hub}/partitions/{id}/messages</c> and <c>/{hub}/publishers/{name}/messages</c>), answers 201, 401, 400,
/// 404 or 413 as the service does, and describes the hub on <c>GET /{hub}</c>.
/// </summary>
public sealed class FakeEventHubs : IAsyncDisposable
{
    private const string BatchContentType = "application/vnd.microsoft.servicebus.json";
    private const string ThrottledBody = "<Error><Code>503</Code><Detail>ServerBusy: The request was terminated because the entity is being throttled.</Detail></Error>";

    private WebApplication app = default!;
    private readonly Lock gate = new();
    private readonly List<ReceivedEvent> events = [];
    private readonly ConcurrentQueue<string> requestLog = new();
    private int requests;
    private int rejected;
    private int authFailures;
    private int failCount;
    private int failStatus = 503;
    private string failBody = ThrottledBody;
    private volatile string key;

    private FakeEventHubs(string @namespace, string hub, string keyName, string key)
    {
        Namespace = @namespace;
        Hub = hub;
        KeyName = keyName;
        this.key = key;
    }

    /// <summary>The namespace host the SAS token must be scoped to, e.g. <c>fake-ns.servicebus.windows.net</c>.</summary>
    public string Namespace { get; }

    public string Hub { get; }

    public string KeyName { get; }

    /// <summary>The shared access key tokens are verified with; set it (or <see cref="RotateKey"/>) to make the client's key wrong.</summary>
    public string Key
    {
        get => key;
        set => key = value;
    }

    /// <summary>Where the fake listens, e.g. <c>http://127.0.0.1:PORT/</c>; send to <c>{BaseAddress}{Hub}/messages</c>.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The connection string a client would be given (its endpoint names <see cref="Namespace"/>, not <see cref="BaseAddress"/>).</summary>
    public string ConnectionString => $"Endpoint=sb://{Namespace}/;SharedAccessKeyName={KeyName};SharedAccessKey={Key};EntityPath={Hub}";

    /// <summary>The resource URI tokens must be issued for: <c>https://{Namespace}/{Hub}</c>.</summary>
    public string Resource => $"https://{Namespace}/{Hub}";

    /// <summary>The clock token expiry is checked against.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Largest accepted request body (one event or one batch); larger answers 413.</summary>
    public int MaxBatchBytes { get; set; } = 262144;

    /// <summary>Partition count reported by the hub description.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Delay before answering a POST (to provoke client timeouts); an aborted request stores nothing.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every event accepted, in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>Accepted (201) POSTs.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>POSTs answered with anything but 201 (auth failures, 400, 404, 413, injected failures).</summary>
    public int Rejected => Volatile.Read(ref rejected);

    /// <summary>Requests (POST or GET) whose SAS token did not verify.</summary>
    public int AuthFailures => Volatile.Read(ref authFailures);

    /// <summary>Why the last SAS check failed (for test diagnostics).</summary>
    public string? LastAuthFailure { get; private set; }

    /// <summary>Method, path and query of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => [.. requestLog];

    public static async Task<FakeEventHubs> StartAsync(
        string @namespace = "fake-ns.servicebus.windows.net", string hub = "surveys", string keyName = "send", string? key = null)
    {
        var fake = new FakeEventHubs(@namespace, hub, keyName, key ?? NewKey());
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Replaces <see cref="Key"/> with a new random key (tokens signed with the old one now fail) and returns it.</summary>
    public string RotateKey() => Key = NewKey();

    /// <summary>The next <paramref name="count"/> POSTs (that pass the SAS check) answer <paramref name="status"/> and store nothing.</summary>
    public void FailNext(int count, int status = 503, string? body = null)
    {
        lock (gate)
        {
            failCount = count;
            failStatus = status;
            failBody = body ?? (status == 503 ? ThrottledBody : $"<Error><Code>{status}</Code><Detail>Injected failure.</Detail></Error>");
        }
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> events have been accepted (default timeout 60 s: a deadline for
    /// a starved machine, where the full suite runs browsers next to these tests; a passing wait returns at once).
    /// </summary>
    public async Task WaitForEventsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            int have;
            lock (gate)
            {
                have = events.Count;
            }

            if (have >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the fake Event Hub received {have} event(s), the test waited for {count}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Forgets the events and resets the counters and any pending <see cref="FailNext"/>.</summary>
    public void Clear()
    {
        lock (gate)
        {
            events.Clear();
            failCount = 0;
            requestLog.Clear();
            Volatile.Write(ref requests, 0);
            Volatile.Write(ref rejected, 0);
            Volatile.Write(ref authFailures, 0);
            LastAuthFailure = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Base64(HMAC-SHA256(UTF8(key), UTF8(<paramref name="encodedResource"/> + "\n" + <paramref name="expiry"/>))).</summary>
    public static string Sign(string key, string encodedResource, long expiry) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry.ToString(CultureInfo.InvariantCulture))));

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requestLog.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var segments = (request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var knownHub = segments.Length > 0 && string.Equals(Uri.UnescapeDataString(segments[0]), Hub, StringComparison.OrdinalIgnoreCase);
        var isSend = knownHub && (segments is [_, "messages"] or [_, "partitions", _, "messages"] or [_, "publishers", _, "messages"]);
        var isPost = HttpMethods.IsPost(request.Method);

        if (isPost && isSend)
        {
            await SendAsync(context, segments);
            return;
        }

        if (HttpMethods.IsGet(request.Method) && knownHub && segments.Length == 1)
        {
            if (Authenticate(request, publisher: null) is { } failure)
            {
                await WriteAsync(context, 401, failure);
                return;
            }

            await WriteAsync(context, 200, Description(), "application/atom+xml;type=entry;charset=utf-8");
            return;
        }

        if (isPost)
        {
            Interlocked.Increment(ref rejected);
        }

        var what = segments.Length > 0 ? segments[0] : "";
        await WriteAsync(context, 404, $"<Error><Code>404</Code><Detail>The messaging entity '{Namespace}/{what}' could not be found.</Detail></Error>");
    }

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

    /// <summary>Checks the SAS token; returns the 401 body on failure, null when it verifies.</summary>
    private string? Authenticate(HttpRequest request, string? publisher)
    {
        var failure = Verify(request.Headers.Authorization.ToString(), publisher);
        if (failure is null)
        {
            return null;
        }

        Interlocked.Increment(ref authFailures);
        LastAuthFailure = failure;
        return failure.StartsWith("ExpiredToken", StringComparison.Ordinal)
            ? "<Error><Code>401</Code><Detail>ExpiredToken: The token is expired.</Detail></Error>"
            : "<Error><Code>401</Code><Detail>InvalidSignature: The token has an invalid signature.</Detail></Error>";
    }

    /// <summary>Returns why the token fails (null: valid).</summary>
    private string? Verify(string header, string? publisher)
    {
        const string scheme = "SharedAccessSignature ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "MissingToken: no 'Authorization: SharedAccessSignature …' header";
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in header[scheme.Length..].Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
        }

        if (!parts.TryGetValue("sr", out var sr) || !parts.TryGetValue("sig", out var sig) || !parts.TryGetValue("se", out var se) || !parts.TryGetValue("skn", out var skn))
        {
            return "InvalidSignature: the token lacks one of sr, sig, se, skn";
        }

        var resource = Uri.UnescapeDataString(sr).TrimEnd('/');
        var allowed = publisher is null ? [Resource] : new[] { Resource, $"{Resource}/publishers/{publisher}" };
        if (!allowed.Any(r => string.Equals(resource, r, StringComparison.OrdinalIgnoreCase)))
        {
            return $"InvalidSignature: sr '{resource}' is not '{Resource}'";
        }

        if (!string.Equals(Uri.UnescapeDataString(skn), KeyName, StringComparison.Ordinal))
        {
            return $"InvalidSignature: skn '{skn}' is not '{KeyName}'";
        }

        if (!long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return $"InvalidSignature: se '{se}' is not Unix seconds";
        }

        var given = Uri.UnescapeDataString(sig);
        var decoded = Uri.UnescapeDataString(sr);
        string[] signed =
        [
            sr, Uri.EscapeDataString(decoded), WebUtility.UrlEncode(decoded),
            Uri.EscapeDataString(decoded.ToLowerInvariant()), WebUtility.UrlEncode(decoded.ToLowerInvariant()),
        ];
        var currentKey = Key;
        if (!signed.Distinct().Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(currentKey, s, expiry)), Encoding.ASCII.GetBytes(given))))
        {
            return "InvalidSignature: sig does not match HMAC-SHA256(key, sr + \"\\n\" + se)";
        }

        return expiry <= TimeProvider.GetUtcNow().ToUnixTimeSeconds() ? $"ExpiredToken: se {expiry} is in the past" : null;
    }

    private string Description()
    {
        var now = TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
        var ids = string.Concat(Enumerable.Range(0, PartitionCount).Select(i => $"<string>{i}</string>"));
        return $"""
            <entry xmlns="http://www.w3.org/2005/Atom"><id>https://{Namespace}/{Hub}?api-version=2014-01</id><title type="text">{Hub}</title><updated>{now}</updated><author><name>{Namespace.Split('.')[0]}</name></author><link rel="self" href="https://{Namespace}/{Hub}?api-version=2014-01"/><content type="application/xml;type=entry;charset=utf-8"><EventHubDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><MessageRetentionInDays>1</MessageRetentionInDays><AuthorizationRules></AuthorizationRules><Status>Active</Status><CreatedAt>{now}</CreatedAt><UpdatedAt>{now}</UpdatedAt><PartitionCount>{PartitionCount}</PartitionCount><PartitionIds>{ids}</PartitionIds></EventHubDescription></content></entry>
            """;
    }

    private static async Task WriteAsync(HttpContext context, int status, string body, string contentType = "application/xml; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }
}

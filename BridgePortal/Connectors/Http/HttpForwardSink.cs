using System.Net;
using System.Security.Cryptography;
using System.Text;
using BridgePortal.Engine;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Http;

/// <summary>
/// POSTs each record (or a JSON array of a batch) to the connection's URL with its headers, an
/// <c>Idempotency-Key</c> (see <see cref="IdempotencyKey"/>; nothing else from a record reaches a header or the URL) and, when a signing secret is set, <c>X-Signature: sha256=&lt;hex HMAC&gt;</c>.
/// 2xx delivered; 408, 429, 5xx, timeouts and network errors transient; any other status permanent.
/// Plain HttpClient rather than Refit: the URL and body are the user's, and retries are the engine's.
/// </summary>
public sealed class HttpForwardSink(IHttpClientFactory httpClients) : ISink
{
    public const string SinkKind = "Http";

    public string Kind => SinkKind;


    public string DisplayName => "HTTP endpoint (POST JSON)";

    public Data.Model.ConnectionKind? ConnectionKind => HttpConnectionKind.Kind;

    public IReadOnlyList<SettingField> SettingsFields { get; } =
    [
        new(HttpSettings.Path, "Path", Help: "Appended to the connection's base URL, e.g. /bucket/updates"),
        SettingField.Choice(HttpSettings.Mode, "Mode", HttpSettings.Modes, "One POST per record (the default) or one POST of a JSON array per batch"),
        new(HttpSettings.BatchSize, "Batch size", Help: "Records per POST in Batch mode (default 50)"),
        new(HttpSettings.TimeoutSeconds, "Timeout (seconds)", Help: "Per request (default 30); a timeout is a transient failure"),
        new(HttpSettings.Parallelism, "Parallel requests", Help: "PerRecord mode: requests in flight at once (default 1 keeps strict intake order; more is faster, and records of different ids may then arrive out of order)"),
    ];

    public SinkLimits GetLimits(SinkContext context)
    {
        var settings = context.Settings;
        var batch = IsBatch(settings) && int.TryParse(settings.GetValueOrDefault(HttpSettings.BatchSize), out var n) && n > 0 ? n : 50;
        return new SinkLimits(IsBatch(settings) ? batch : Math.Max(20, 10 * Parallelism(settings)), 4 * 1024 * 1024);
    }

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection?.Setting(HttpSettings.BaseUrl) is not { } baseUrl)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's Http connection has no base URL."))];
        }

        var settings = context.Settings;
        var url = Combine(baseUrl, settings.GetValueOrDefault(HttpSettings.Path));
        var timeout = TimeSpan.FromSeconds(int.TryParse(settings.GetValueOrDefault(HttpSettings.TimeoutSeconds), out var t) && t > 0 ? t : 30);

        if (IsBatch(settings))
        {
            var body = "[" + string.Join(",", batch.Select(r => r.Payload)) + "]";
            var key = BatchKey(batch);
            var (outcome, status, error) = await PostAsync(context, url, body, key, timeout, cancellationToken);
            return [.. batch.Select(r => new DeliveryOutcome(r.RecordId, outcome, status, error))];
        }

        // A claimed batch never holds two versions of one record, so parallel requests cannot reorder an entity's updates.
        var outcomes = new DeliveryOutcome[batch.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism(settings), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var record = batch[i];
                var (outcome, status, error) = await PostAsync(context, url, record.Payload, IdempotencyKey(record), timeout, token);
                outcomes[i] = new DeliveryOutcome(record.RecordId, outcome, status, error);
            });
        return outcomes;
    }

    internal static void AddHeaders(HttpRequestMessage request, ConnectionData connection)
    {
        var headers = SettingsJson.Headers(connection.Setting(HttpSettings.Headers))
            .Concat(SettingsJson.Headers(connection.Secret(HttpSettings.SecretHeaders)));
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    /// <summary><c>sha256=</c> + lower-case hex of HMAC-SHA256(secret, body).</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private async Task<(Data.Model.AttemptOutcome, int?, string?)> PostAsync(
        SinkContext context, string url, string body, string idempotencyKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json; charset=utf-8" } } },
        };
        AddHeaders(request, context.Connection!);
        request.Headers.TryAddWithoutValidation(HttpSettings.IdempotencyHeader, idempotencyKey);
        if (context.Connection!.Secret(HttpSettings.SigningSecret) is { } secret)
        {
            request.Headers.TryAddWithoutValidation(HttpSettings.SignatureHeader, Signature(secret, bytes));
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpConnectionKind.ClientName).SendAsync(request, timeoutSource.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (Data.Model.AttemptOutcome.Delivered, code, null);
            }

            var text = await response.Content.ReadAsStringAsync(timeoutSource.Token);
            var error = $"HTTP {code} {response.ReasonPhrase}: {Truncate(text, 500)}".TrimEnd(' ', ':');
            var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || code >= 500;
            return (transient ? Data.Model.AttemptOutcome.TransientFailure : Data.Model.AttemptOutcome.PermanentFailure, code, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Data.Model.AttemptOutcome.TransientFailure, null, $"HTTP endpoint: no answer from {ErrorSentences.Host(url)}. Timed out after {timeout.TotalSeconds:0} s; it is tried again later.");
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e))
        {
            return (Data.Model.AttemptOutcome.TransientFailure, null, ErrorSentences.Unreachable(new("HTTP endpoint", url, "Check the base URL of the connection."), e));
        }
    }

    /// <summary>
    /// <c>&lt;header-safe natural id&gt;:v&lt;version&gt;</c>: the id comes from a payload, so it is percent-encoded
    /// (<see cref="NaturalIds.HeaderSafe"/>) and can never end the header line or carry non-ASCII bytes.
    /// </summary>
    public static string IdempotencyKey(OutboundRecord record) => $"{NaturalIds.HeaderSafe(record.NaturalId)}:v{record.Version}";

    private static int Parallelism(IReadOnlyDictionary<string, string> settings) =>
        int.TryParse(settings.GetValueOrDefault(HttpSettings.Parallelism), out var p) ? Math.Clamp(p, 1, 64) : 1;

    private static bool IsBatch(IReadOnlyDictionary<string, string> settings) =>
        string.Equals(settings.GetValueOrDefault(HttpSettings.Mode), "Batch", StringComparison.OrdinalIgnoreCase);

    private static string Combine(string baseUrl, string? path) =>
        string.IsNullOrWhiteSpace(path) ? baseUrl : baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');

    private static string BatchKey(IReadOnlyList<OutboundRecord> batch) =>
        "batch-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", batch.Select(r => $"{r.NaturalId}:v{r.Version}")))))[..32];

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}

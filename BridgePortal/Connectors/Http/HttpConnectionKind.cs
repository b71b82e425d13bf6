using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Http;

/// <summary>A generic HTTP endpoint: base URL, headers, optional HMAC signing secret.</summary>
public sealed class HttpConnectionKind(IHttpClientFactory httpClients) : IConnectionKind
{
    public const string ClientName = "http-connector";

    public static readonly ConnectionKind Kind = new("Http");

    ConnectionKind IConnectionKind.Kind => Kind;

    bool IConnectionKind.ListedFirst => true;

    public string DisplayName => "HTTP endpoint";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(HttpSettings.BaseUrl, "Base URL", Required: true, Help: "https://central.example.org/api"),
        new(HttpSettings.Headers, "Headers", Multiline: true, Help: "One 'Name: value' per line"),
        new(HttpSettings.SecretHeaders, "Secret headers", Secret: true, Multiline: true, Help: "e.g. 'Authorization: Bearer …' — encrypted, never shown back"),
        new(HttpSettings.SigningSecret, "HMAC signing secret", Secret: true, Help: "When set, each request carries X-Signature: sha256=<hex HMAC of the body>"),
    ];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        var url = data.Setting(HttpSettings.BaseUrl);
        if (url is null)
        {
            errors[HttpSettings.BaseUrl] = "Base URL is required.";
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors[HttpSettings.BaseUrl] = "Base URL must be an absolute http:// or https:// URL.";
        }

        foreach (var field in new[] { HttpSettings.Headers, HttpSettings.SecretHeaders })
        {
            var raw = field == HttpSettings.Headers ? data.Setting(field) : data.Secret(field);
            var bad = (raw ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => !l.Contains(':') || l.IndexOf(':') == 0);
            if (bad is not null)
            {
                errors[field] = "Each line must read 'Name: value'.";
            }
        }

        return errors;
    }

    /// <summary>A GET of the base URL: reachable and not refusing our credentials.</summary>
    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken) =>
        ConnectionProbe.RunAsync(Target(data), async limit =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, data.Setting(HttpSettings.BaseUrl));
            HttpForwardSink.AddHeaders(request, data);
            using var response = await httpClients.CreateClient(ClientName).SendAsync(request, limit);
            var code = (int)response.StatusCode;
            return code switch
            {
                401 or 403 => ProbeOutcome.Failed($"Reachable, but the credentials were refused (HTTP {code})."),
                >= 500 => ProbeOutcome.Failed($"Reachable, but the server failed (HTTP {code})."),
                _ => ProbeOutcome.Ok($"Reachable (HTTP {code})."),
            };
        }, TimeSpan.FromSeconds(10), cancellationToken);

    public static ApiTarget Target(ConnectionData data) => new("HTTP endpoint", data.Setting(HttpSettings.BaseUrl) ?? "", "Check the base URL of the connection.");
}

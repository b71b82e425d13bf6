using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// One AtHoc connection's API with its bearer token (password grant, cached until a minute before it expires).
/// A connection with "Verify TLS certificate" off goes through a client that accepts any certificate.
/// </summary>
public sealed class AtHocClient(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "athoc";
    public const string InsecureClientName = "athoc-insecure";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> tokens = new();

    public (IAtHocApi Api, string Server, string Org) Create(ConnectionData connection)
    {
        var server = connection.Setting(AtHocSettings.ServerUrl) ?? throw new AtHocException("The AtHoc connection has no server URL.");
        var org = connection.Setting(AtHocSettings.OrgCode) ?? throw new AtHocException("The AtHoc connection has no organisation code.");
        var client = clients.CreateClient(AtHocSettings.VerifiesTls(connection) ? ClientName : InsecureClientName);
        client.BaseAddress = new Uri(server.TrimEnd('/') + "/");
        return (RestService.For<IAtHocApi>(client), server, org);
    }

    /// <summary>"Bearer …" for the connection; throws <see cref="AtHocException"/> with a message fit for the UI (never a secret).</summary>
    public async Task<string> AuthorizationAsync(IAtHocApi api, ConnectionData connection, CancellationToken cancellationToken, bool fresh = false)
    {
        var key = CacheKey(connection);
        if (!fresh && tokens.TryGetValue(key, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return "Bearer " + cached.Token;
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = connection.Setting(AtHocSettings.ClientId) ?? "",
            ["client_secret"] = connection.Secret(AtHocSettings.ClientSecret) ?? "",
            ["username"] = connection.Setting(AtHocSettings.Username) ?? "",
            ["password"] = connection.Secret(AtHocSettings.Password) ?? "",
            ["scope"] = connection.Setting(AtHocSettings.Scope) ?? AtHocSettings.DefaultScope,
            ["acr_values"] = "tenant:" + connection.Setting(AtHocSettings.OrgCode),
        };
        IApiResponse<AtHocToken> response;
        try
        {
            response = await api.TokenAsync(form, cancellationToken);
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e))
        {
            throw new AtHocException(ErrorSentences.Unreachable(Target(connection), e), transient: true);
        }

        if (!response.IsSuccessStatusCode || response.Content is not { AccessToken.Length: > 0 } token)
        {
            var code = (int?)response.StatusCode;
            var reason = OAuthError((response.Error as Refit.ApiException)?.Content);
            throw code is 400 or 401 or 403
                ? new AtHocException($"AtHoc refused the credentials ({code}{reason}): check the client id/secret, username/password and organisation code.")
                : new AtHocException(Describe("The token request", response, connection), transient: code is null or 408 or 429 or >= 500);
        }

        tokens[key] = (token.AccessToken, clock.GetUtcNow().AddSeconds(Math.Max(0, token.ExpiresIn - 60)));
        return "Bearer " + token.AccessToken;
    }

    public void Forget(ConnectionData connection) => tokens.TryRemove(CacheKey(connection), out _);

    public static ApiTarget Target(ConnectionData connection) => new("AtHoc", connection.Setting(AtHocSettings.ServerUrl) ?? "", "Check the server URL, and that AtHoc is up.");

    /// <summary>"AtHoc: could not reach … (connection refused). …" or "The token request was answered 500 …".</summary>
    public static string Describe(string what, IApiResponse response, ConnectionData connection) => response switch
    {
        { Error: Refit.ApiRequestException error } => ErrorSentences.Unreachable(Target(connection), error),
        { StatusCode: { } status } when !response.IsSuccessStatusCode => $"{what} was answered {(int)status} {response.ReasonPhrase}{Body((response.Error as Refit.ApiException)?.Content)}",
        _ => ErrorSentences.Describe(Target(connection), response, "an AtHoc answer"),
    };

    private static string Body(string? content) => string.IsNullOrWhiteSpace(content) ? "." : ": " + (content.Length > 300 ? content[..300] + "…" : content.Trim());

    private static string OAuthError(string? content)
    {
        try
        {
            return content is not null && JsonNode.Parse(content) is JsonObject o && o["error"]?.GetValue<string>() is { } e
                ? $", {e}" + (o["error_description"]?.GetValue<string>() is { } d ? $": {d}" : "")
                : "";
        }
        catch (Exception x) when (x is JsonException or InvalidOperationException)
        {
            return "";
        }
    }

    private static string CacheKey(ConnectionData c) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        c.Setting(AtHocSettings.ServerUrl), c.Setting(AtHocSettings.OrgCode), c.Setting(AtHocSettings.ClientId), c.Setting(AtHocSettings.Username),
        c.Secret(AtHocSettings.ClientSecret), c.Secret(AtHocSettings.Password), c.Setting(AtHocSettings.Scope)))));
}

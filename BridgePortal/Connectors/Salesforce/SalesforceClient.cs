using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// One Salesforce API per base URL, and the session of each connection (username-password or client-credentials
/// flow), cached until Salesforce calls it invalid. <see cref="CallAsync{T}"/> answers a 401 <c>INVALID_SESSION_ID</c>
/// by signing in again once and repeating the call; concurrent callers meeting the same stale session share one
/// new sign-in. The last <c>Sforce-Limit-Info</c> seen per connection is kept for the connection test.
/// </summary>
public sealed class SalesforceClient(IHttpClientFactory clients, ILogger<SalesforceClient> logger)
{
    public const string ClientName = "salesforce";

    private readonly ConcurrentDictionary<string, SalesforceSession> sessions = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> signIns = new();
    private readonly ConcurrentDictionary<string, string> limits = new();

    /// <summary>Sign-ins made (token requests sent), for monitoring and tests.</summary>
    public int SignIns => Volatile.Read(ref signInCount);

    private int signInCount;

    public ISalesforceApi Api(Uri baseAddress)
    {
        var client = clients.CreateClient(ClientName);
        client.BaseAddress = baseAddress;
        return RestService.For<ISalesforceApi>(client);
    }

    /// <summary>The cached session, or a new sign-in when there is none or the cached one is <paramref name="stale"/>.</summary>
    public async Task<SalesforceSession> SessionAsync(ConnectionData connection, CancellationToken cancellationToken, SalesforceSession? stale = null, bool fresh = false)
    {
        var key = CacheKey(connection);
        if (!fresh && sessions.TryGetValue(key, out var cached) && cached != stale)
        {
            return cached;
        }

        var gate = signIns.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && sessions.TryGetValue(key, out cached) && cached != stale)
            {
                return cached; // someone else signed in meanwhile
            }

            var session = await SignInAsync(connection, cancellationToken);
            sessions[key] = session;
            return session;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> with the connection's session; on 401 <c>INVALID_SESSION_ID</c> signs in again once
    /// and repeats it. Throws <see cref="SalesforceException"/> when signing in fails.
    /// </summary>
    public async Task<IApiResponse<T>> CallAsync<T>(
        ConnectionData connection, Func<ISalesforceApi, SalesforceSession, Task<IApiResponse<T>>> call, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(connection, cancellationToken);
        var response = await call(Api(session.InstanceUrl), session);
        if (SalesforceErrors.IsInvalidSession(response))
        {
            logger.LogInformation("Salesforce session of {Instance} expired or was revoked: signing in again", session.InstanceUrl);
            response.Dispose();
            session = await SessionAsync(connection, cancellationToken, stale: session);
            response = await call(Api(session.InstanceUrl), session);
        }

        if (response.Headers is { } headers && headers.TryGetValues("Sforce-Limit-Info", out var values) && values.FirstOrDefault() is { } info)
        {
            limits[CacheKey(connection)] = info;
            logger.LogDebug("Salesforce {Instance} limit info: {LimitInfo}", session.InstanceUrl, info);
        }

        return response;
    }

    /// <summary>The last <c>Sforce-Limit-Info</c> header (e.g. <c>api-usage=18/15000</c>) seen for the connection.</summary>
    public string? LimitInfo(ConnectionData connection) => limits.GetValueOrDefault(CacheKey(connection));

    private async Task<SalesforceSession> SignInAsync(ConnectionData connection, CancellationToken cancellationToken)
    {
        var login = SalesforceSettings.Login(connection) ?? throw new SalesforceException("The Salesforce connection's login URL is not valid.");
        var flow = SalesforceSettings.FlowOf(connection);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = flow,
            ["client_id"] = connection.Setting(SalesforceSettings.ClientId) ?? "",
            ["client_secret"] = connection.Secret(SalesforceSettings.ClientSecret) ?? "",
        };
        if (flow == SalesforceSettings.PasswordFlow)
        {
            form["username"] = connection.Setting(SalesforceSettings.Username) ?? "";
            form["password"] = (connection.Secret(SalesforceSettings.Password) ?? "") + (connection.Secret(SalesforceSettings.SecurityToken) ?? "");
        }

        Interlocked.Increment(ref signInCount);
        IApiResponse<SalesforceToken> response;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            response = await Api(login).TokenAsync(form, timeout.Token);
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SalesforceException(ErrorSentences.Unreachable(LoginTarget(login), e), transient: true);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode && response.Content is { AccessToken.Length: > 0 } token
                && Uri.TryCreate(token.InstanceUrl, UriKind.Absolute, out var instance))
            {
                return new SalesforceSession(token.AccessToken, new Uri(instance.GetLeftPart(UriPartial.Authority) + "/"), token.Id);
            }

            var code = (int?)response.StatusCode;
            if (response.Error is ApiRequestException unreachable)
            {
                throw new SalesforceException(ErrorSentences.Unreachable(LoginTarget(login), unreachable), transient: true);
            }

            var (error, description) = OAuthError((response.Error as ApiException)?.Content);
            if (code is 400 or 401 or 403)
            {
                var hint = flow == SalesforceSettings.PasswordFlow
                    ? "check the client id and secret, the username, the password and the security token (and the login URL: production, sandbox or My Domain)"
                    : "check the client id and secret, the My Domain login URL and that the connected app enables the client credentials flow with a run-as user";
                throw new SalesforceException($"Salesforce refused the sign-in ({error ?? code.ToString()}: {description ?? "no description"}): {hint}.", status: code);
            }

            throw new SalesforceException($"The Salesforce token request was answered {code} {response.ReasonPhrase}{(description is null ? "" : ": " + description)}.",
                transient: code is null or 408 or 429 or >= 500, status: code);
        }
    }

    private static ApiTarget LoginTarget(Uri login) => new("Salesforce", login.GetLeftPart(UriPartial.Authority), "Check the login URL (production, sandbox or My Domain).");

    private static (string? Error, string? Description) OAuthError(string? content)
    {
        try
        {
            return content is not null && JsonNode.Parse(content) is JsonObject o ? ((string?)o["error"], (string?)o["error_description"]) : (null, null);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    private static string CacheKey(ConnectionData c) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        c.Setting(SalesforceSettings.LoginUrl), SalesforceSettings.FlowOf(c), c.Setting(SalesforceSettings.ClientId), c.Setting(SalesforceSettings.Username),
        c.Secret(SalesforceSettings.ClientSecret), c.Secret(SalesforceSettings.Password), c.Secret(SalesforceSettings.SecurityToken)))));
}

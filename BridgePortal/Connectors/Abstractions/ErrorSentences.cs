using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Refit;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>Who was called, for <see cref="ErrorSentences"/>: the system's name, the address shown (never a secret), and what to check when it cannot be reached or answers nonsense.</summary>
public sealed record ApiTarget(string System, string Address, string Check);

/// <summary>
/// The one wording of a failed call to an external system, used by every text an operator reads (connection tests,
/// catalogs, polls, attempts): "&lt;System&gt;: &lt;what failed&gt; (&lt;why&gt;). &lt;What to check&gt;." It is
/// built from what the transport or the answer says, never from an exception's type name or raw message (those name
/// .NET types and socket internals an operator cannot act on). Refit 16 wraps transport failures in
/// <see cref="ApiRequestException"/>, so that is unwrapped first.
/// </summary>
public static class ErrorSentences
{
    /// <summary>True for a call that got no answer at all (DNS, connect, TLS, broken connection, timeout).</summary>
    public static bool IsTransport(Exception e) =>
        e is ApiRequestException or HttpRequestException or SocketException or AuthenticationException or TimeoutException or IOException;

    /// <summary>"Event Hubs: could not reach myns.servicebus.windows.net (name not resolved). Check the namespace."</summary>
    public static string Unreachable(ApiTarget target, Exception e) =>
        $"{target.System}: could not reach {Host(target.Address)} ({Reason(e)}). {target.Check}";

    /// <summary>"KoboToolbox: https://kobo.example.org answered with JSON that is not a Kobo project list. Check the server URL."</summary>
    public static string NotTheExpectedAnswer(ApiTarget target, string expected, string? body) =>
        $"{target.System}: {target.Address} answered with {Shape(body, expected)}. {target.Check}";

    /// <summary>
    /// A Refit answer that is not usable: no answer (transport), an unreadable body, or an error status. The caller
    /// handles the statuses it has better words for (401, 404 …) before calling this.
    /// </summary>
    public static string Describe(ApiTarget target, IApiResponse response, string expected) => response switch
    {
        { Error: ApiRequestException error } => Unreachable(target, error),
        { IsSuccessStatusCode: true } => NotTheExpectedAnswer(target, expected, (response.Error as ApiException)?.Content),
        { StatusCode: { } status } => Status(target, status, response.ReasonPhrase, (response.Error as ApiException)?.Content),
        _ => $"{target.System}: {target.Address} gave no usable answer. {target.Check}",
    };

    /// <summary>An error status: the code, its reason and a short excerpt of the body (bodies of error answers carry the system's own words).</summary>
    public static string Status(ApiTarget target, HttpStatusCode status, string? reasonPhrase, string? body)
    {
        var code = (int)status;
        var what = code switch
        {
            401 or 403 => "refused the credentials",
            404 => "has nothing at that address",
            429 => "is throttling requests",
            >= 500 => "failed on its side",
            _ => "refused the request",
        };
        var reason = string.IsNullOrEmpty(reasonPhrase) ? "" : " " + reasonPhrase;
        var excerpt = Excerpt(body) is { } text ? $": {text}" : "";
        var check = code is 401 or 403 ? "Check the credentials in the connection." : code >= 500 || code == 429 ? "It is tried again later." : target.Check;
        return $"{target.System} {what} ({code}{reason}{excerpt}). {check}";
    }

    /// <summary>Why a call got no answer, in words: "name not resolved", "connection refused", "no answer in time" …</summary>
    public static string Reason(Exception e) => e switch
    {
        ApiRequestException { InnerException: { } inner } => Reason(inner),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "name not resolved",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed: check the certificate",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed before an answer",
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError } => "the answer was not valid HTTP",
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } => "the proxy refused the connection",
        HttpRequestException { InnerException: { } inner } => Reason(inner),
        HttpRequestException => "could not connect",
        SocketException s => Socket(s.SocketErrorCode),
        AuthenticationException => "the TLS handshake failed: check the certificate",
        OperationCanceledException or TimeoutException => "no answer in time",
        IOException { InnerException: { } inner } => Reason(inner),
        IOException => "the connection broke",
        { InnerException: { } inner } when IsTransport(inner) => Reason(inner),
        _ => "the call failed",
    };

    private static string Socket(SocketError error) => error switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "name not resolved",
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown => "host unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "the connection was reset",
        _ => "could not connect",
    };

    /// <summary>The host (and port) of an address, which is what DNS and connect errors are about.</summary>
    public static string Host(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Authority : address;

    // A body that parses (or was already parsed by the caller) is JSON of the wrong shape; anything else is named by what it looks like.
    private static string Shape(string? body, string expected)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return $"JSON that is not {expected}";
        }

        try
        {
            using var _ = JsonDocument.Parse(body);
            return $"JSON that is not {expected}";
        }
        catch (JsonException)
        {
            return $"{(body.TrimStart().StartsWith('<') ? "HTML" : "text")} instead of {expected} (JSON)";
        }
    }

    private static string? Excerpt(string? body)
    {
        var text = body?.ReplaceLineEndings(" ").Trim();
        return string.IsNullOrEmpty(text) || text.StartsWith('<') ? null : text.Length > 200 ? text[..200] + "…" : text;
    }
}

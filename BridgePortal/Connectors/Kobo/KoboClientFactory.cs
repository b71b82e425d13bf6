using System.Net.Http.Headers;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>A Refit <see cref="IKoboApi"/> for one connection's server and token.</summary>
public sealed class KoboClientFactory(IHttpClientFactory clients) : RefitClientFactory<IKoboApi>(clients, ClientName)
{
    public const string ClientName = "kobo";

    protected override RefitEndpoint Endpoint(ConnectionData connection) => new(
        RefitClients.Base(connection.Setting(KoboSettings.ServerUrl) ?? throw new InvalidOperationException("The Kobo connection has no server URL.")),
        new AuthenticationHeaderValue("Token", connection.Secret(KoboSettings.ApiToken) ?? ""));

    public static ApiTarget Target(string server) => new("KoboToolbox", server, "Check the server URL.");

    /// <summary>A message for a failed call that tells a refused token from an unreachable server (never the token itself).</summary>
    /// <param name="expected">What a good answer is, e.g. "a Kobo project list".</param>
    public static string Describe(IApiResponse response, string server, string expected) => response switch
    {
        { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } =>
            $"Kobo refused the API token ({(int)response.StatusCode!}): check the token in the connection.",
        { StatusCode: System.Net.HttpStatusCode.NotFound } => $"Kobo answered 404: no such project on {server}.",
        _ => ErrorSentences.Describe(Target(server), response, expected),
    };
}

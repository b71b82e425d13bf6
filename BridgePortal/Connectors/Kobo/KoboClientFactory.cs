using System.Net.Http.Headers;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>A Refit <see cref="IKoboApi"/> for one connection's server and token.</summary>
public sealed class KoboClientFactory(IHttpClientFactory clients)
{
    public const string ClientName = "kobo";

    public IKoboApi Create(ConnectionData connection)
    {
        var server = connection.Setting(KoboSettings.ServerUrl) ?? throw new InvalidOperationException("The Kobo connection has no server URL.");
        return RefitClients.For<IKoboApi>(clients, ClientName, RefitClients.Base(server),
            new AuthenticationHeaderValue("Token", connection.Secret(KoboSettings.ApiToken) ?? ""), "application/json");
    }

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

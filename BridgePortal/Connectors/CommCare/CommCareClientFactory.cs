using System.Net;
using System.Net.Http.Headers;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CommCare;

/// <summary>Refit clients for one CommCare connection: its server, and <c>Authorization: ApiKey {username}:{apikey}</c>.</summary>
public sealed class CommCareClientFactory(IHttpClientFactory clients) : RefitClientFactory<ICommCareApi>(clients, ClientName)
{
    public const string ClientName = "commcare";

    protected override RefitEndpoint Endpoint(ConnectionData connection) => new(RefitClients.Base(Server(connection)),
        new AuthenticationHeaderValue("ApiKey", $"{connection.Setting(CommCareSettings.Username)}:{connection.Secret(CommCareSettings.ApiKey)}"));

    public static string Server(ConnectionData connection) => (connection.Setting(CommCareSettings.ServerUrl) ?? CommCareSettings.DefaultServerUrl).TrimEnd('/');

    /// <summary>A message for a failed call that tells a refused key from a wrong project space or an unreachable server (never the key).</summary>
    public static string Describe(IApiResponse response, string server, string domain) => response switch
    {
        { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
            $"CommCare refused the username / API key ({(int)response.StatusCode!}): check them, and that the user may use the API of '{domain}'.",
        { StatusCode: HttpStatusCode.NotFound } => $"CommCare answered 404: no project space '{domain}' on {server}.",
        { StatusCode: HttpStatusCode.TooManyRequests } => "CommCare is throttling this account (429): try again shortly.",
        _ => ErrorSentences.Describe(Target(server), response, "a CommCare answer"),
    };

    public static ApiTarget Target(string server) => new("CommCare", server, "Check the server URL and project space.");
}

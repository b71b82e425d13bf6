using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>A Refit <see cref="IGitHubApi"/> for one connection's API base URL and token.</summary>
public sealed class GitHubClientFactory(IHttpClientFactory clients) : RefitClientFactory<IGitHubApi>(clients, ClientName)
{
    public const string ClientName = "github";
    public const string ApiVersion = "2022-11-28";

    /// <summary>The API base with a trailing slash (so relative paths and <c>Link</c> URLs compare).</summary>
    public static Uri BaseOf(ConnectionData connection) => RefitClients.Base(GitHubSettings.BaseUrl(connection));

    // GitHub refuses requests without a User-Agent and pins the answer's shape to the API version header.
    protected override RefitEndpoint Endpoint(ConnectionData connection) => new(BaseOf(connection),
        new AuthenticationHeaderValue("Bearer", connection.Secret(GitHubSettings.Token) ?? ""), "application/vnd.github+json", headers =>
        {
            headers.Add("X-GitHub-Api-Version", ApiVersion);
            headers.UserAgent.Add(new ProductInfoHeaderValue("BridgePortal", "1.0"));
        });

    /// <summary>A header's first value, if any.</summary>
    public static string? Header(IApiResponse response, string name) =>
        response.Headers is { } headers && headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>A message for a failed call that tells a refused token from a missing repository or an unreachable server (never the token).</summary>
    public static string Describe(IApiResponse response, string server) => response switch
    {
        { StatusCode: HttpStatusCode.Unauthorized } => $"GitHub rejected the token (401 {Message(response) ?? "Bad credentials"}): check the token of the GitHub connection.",
        { StatusCode: HttpStatusCode.NotFound } => "GitHub answered 404: no such repository, or the token cannot see it.",
        { StatusCode: HttpStatusCode.Forbidden } => $"GitHub refused the request (403 {Message(response)}): the token lacks access to this repository.",
        { StatusCode: { } status } when !response.IsSuccessStatusCode => $"GitHub answered {(int)status} {response.ReasonPhrase}{(Message(response) is { } m ? ": " + m : "")}.",
        _ => ErrorSentences.Describe(Target(server), response, "a GitHub API answer"),
    };

    public static ApiTarget Target(string server) => new("GitHub", server, "Check the API base URL of the connection.");

    // GitHub's error bodies are {"message": "...", "documentation_url": "..."}.
    private static string? Message(IApiResponse response)
    {
        try
        {
            return response.Error is ApiException { Content: { Length: > 0 } content } && JsonNode.Parse(content) is JsonObject body && body["message"] is JsonValue m
                ? m.ToString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>A GitHub account's API token (github.com or GitHub Enterprise Server). Test = <c>GET /user</c>: the login and the calls left.</summary>
public sealed class GitHubConnectionKind(GitHubClientFactory github) : IConnectionKind
{
    public static readonly ConnectionKind Kind = new("GitHub");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "GitHub";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(GitHubSettings.ApiBaseUrl, "API base URL", Help: $"Default {GitHubSettings.DefaultApiBaseUrl}; GitHub Enterprise Server: https://<host>/api/v3"),
        new(GitHubSettings.Token, "Token", Secret: true, Required: true, Help: "A fine-grained or classic personal access token with read access to the repository's contents and issues; encrypted, never shown back"),
    ];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        if (data.Setting(GitHubSettings.ApiBaseUrl) is { } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.Query)))
        {
            errors[GitHubSettings.ApiBaseUrl] = $"API base URL must be an absolute http(s) URL without a query, e.g. {GitHubSettings.DefaultApiBaseUrl}.";
        }

        if (data.Secret(GitHubSettings.Token) is null)
        {
            errors[GitHubSettings.Token] = "Token is required.";
        }

        return errors;
    }

    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var server = GitHubSettings.BaseUrl(data);
        return ConnectionProbe.RunAsync(GitHubClientFactory.Target(server), async limit =>
        {
            var response = await github.Create(data).GetUserAsync(limit);
            if (!response.IsSuccessStatusCode || response.Content is not { } user)
            {
                return ProbeOutcome.Failed(GitHubClientFactory.Describe(response, server));
            }

            var left = GitHubRateLimit.Remaining(response) is { } remaining
                ? $"; {remaining} of {GitHubClientFactory.Header(response, "x-ratelimit-limit") ?? "?"} API calls left this hour"
                : "";
            return ProbeOutcome.Ok($"Signed in to {server} as {user["login"]?.ToString() ?? "?"}{left}.");
        }, TimeSpan.FromSeconds(15), cancellationToken);
    }
}

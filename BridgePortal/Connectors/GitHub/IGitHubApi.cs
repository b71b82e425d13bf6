using System.Text.Json.Nodes;
using Refit;

namespace BridgePortal.Connectors.GitHub;

/// <summary>
/// GitHub REST API (version 2022-11-28; token, Accept, API version and User-Agent headers are set on the client).
/// Lists are paged by the <c>Link</c> header: the first page through the typed calls, the next ones through
/// <see cref="NextPageAsync"/> with the URL GitHub gave (it may name the repository by id).
/// </summary>
public interface IGitHubApi
{
    [Get("/user")]
    Task<IApiResponse<JsonObject>> GetUserAsync(CancellationToken cancellationToken);

    [Get("/rate_limit")]
    Task<IApiResponse<JsonObject>> GetRateLimitAsync(CancellationToken cancellationToken);

    /// <summary>The repository (its <c>default_branch</c>, <c>full_name</c>); 404 when the token cannot see it.</summary>
    [Get("/repos/{owner}/{repo}")]
    Task<IApiResponse<JsonObject>> GetRepositoryAsync(string owner, string repo, CancellationToken cancellationToken);

    /// <summary>Commits, newest first; <paramref name="sha"/> is the branch (null: the default branch).</summary>
    [Get("/repos/{owner}/{repo}/commits?per_page=100")]
    Task<IApiResponse<JsonArray>> ListCommitsAsync(string owner, string repo, string since, string? sha, int page, CancellationToken cancellationToken);

    /// <summary>Issues and pull requests (items with a <c>pull_request</c> key) updated since <paramref name="since"/>.</summary>
    [Get("/repos/{owner}/{repo}/issues?state=all&per_page=100")]
    Task<IApiResponse<JsonArray>> ListIssuesAsync(string owner, string repo, string since, int page, CancellationToken cancellationToken);

    /// <summary>A page named by a <c>Link</c> header: its path below the API base and its query.</summary>
    [Get("/{**path}")]
    Task<IApiResponse<JsonArray>> NextPageAsync(string path, [Query] IDictionary<string, string> query, CancellationToken cancellationToken);
}

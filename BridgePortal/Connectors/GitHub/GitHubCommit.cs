namespace BridgePortal.Connectors.GitHub;

/// <summary>What a <c>commit</c> document says, however GitHub described the commit; counts are null when unknown.</summary>
public sealed record GitHubCommit(
    string Sha, string Repo, string? Branch, DateTimeOffset? At, string? Message, string? Url,
    string? AuthorName, string? AuthorEmail, string? AuthorUsername, int? Added, int? Removed, int? Modified);

using System.Text.RegularExpressions;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>Names of the GitHub connection's settings and of the GitHub webhook bridge's back-fill settings.</summary>
public static partial class GitHubSettings
{
    public const string ApiBaseUrl = "ApiBaseUrl";
    public const string Token = "Token";
    public const string DefaultApiBaseUrl = "https://api.github.com";

    public const string Repository = "BackfillRepository";
    public const string Branch = "BackfillBranch";
    public const string Prj = "BackfillPrj";
    public const string QualityModel = "BackfillQualityModel";

    /// <summary>The bridge-side fields of a back-fill (added to the GitHub webhook source's form).</summary>
    public static IReadOnlyList<SettingField> BackfillFields { get; } =
    [
        new(Repository, "Back-fill repository", Help: "owner/name, e.g. octo-org/octo-repo; with a GitHub connection, enables 'Back-fill' on the bridge page"),
        new(Branch, "Back-fill branch", Help: "Branch whose commits are back-filled (default: the repository's default branch)"),
        new(Prj, "Back-fill prj", Help: "The prj of back-filled documents: the same as in the webhook URL, so webhook and back-fill rows coincide"),
        new(QualityModel, "Back-fill quality model", Help: "The quality_model of back-filled documents (as in the webhook URL; optional)"),
    ];

    public static string BaseUrl(ConnectionData connection) => connection.Setting(ApiBaseUrl) ?? DefaultApiBaseUrl;

    /// <summary>(owner, name) of an <c>owner/name</c> setting, or null when it is not one.</summary>
    public static (string Owner, string Name)? ParseRepository(string? value) =>
        value is not null && RepositoryPattern().Match(value.Trim()) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value) : null;

    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})$")]
    private static partial Regex RepositoryPattern();
}

using System.Globalization;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>A KoboToolbox account: server URL + API token. Test = one authenticated project-list call; lists survey projects.</summary>
public sealed class KoboConnectionKind(KoboClientFactory kobo) : IConnectionKind, IConnectionCatalog
{
    public static readonly ConnectionKind Kind = new("Kobo");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "KoboToolbox";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(KoboSettings.ServerUrl, "Server URL", Required: true, Help: "https://kf.kobotoolbox.org, https://eu.kobotoolbox.org or your own server"),
        new(KoboSettings.ApiToken, "API token", Secret: true, Required: true, Help: "Account settings → Security → API key; encrypted, never shown back"),
    ];

    public string CatalogTitle => "Projects";

    public IReadOnlyList<string> DetailColumns { get; } = ["Deployment", "Submissions", "Last submission"];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        var url = data.Setting(KoboSettings.ServerUrl);
        if (url is null)
        {
            errors[KoboSettings.ServerUrl] = "Server URL is required.";
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors[KoboSettings.ServerUrl] = "Server URL must be an absolute http:// or https:// URL, e.g. https://kf.kobotoolbox.org.";
        }

        if (data.Secret(KoboSettings.ApiToken) is null)
        {
            errors[KoboSettings.ApiToken] = "API token is required.";
        }

        return errors;
    }

    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var server = data.Setting(KoboSettings.ServerUrl) ?? "";
        return ConnectionProbe.RunAsync(KoboClientFactory.Target(server), async limit =>
        {
            var response = await kobo.Create(data).ListAssetsAsync(1, 0, limit);
            return response.IsSuccessStatusCode && response.Content is { Results: not null } page
                ? ProbeOutcome.Ok($"Connected to {server}: {page.Count} survey project(s).")
                : ProbeOutcome.Failed(Failure(response, server));
        }, TimeSpan.FromSeconds(15), cancellationToken);
    }

    public async Task<IReadOnlyList<CatalogItem>> ListAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var api = kobo.Create(data);
        var items = new List<CatalogItem>();
        for (var offset = 0; ;)
        {
            var response = await api.ListAssetsAsync(100, offset, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content is not { Results: not null } page)
            {
                throw new InvalidOperationException(Failure(response, data.Setting(KoboSettings.ServerUrl) ?? ""));
            }

            items.AddRange(page.Results.Select(a => new CatalogItem(a.Uid, a.Name ?? a.Uid,
            [
                a.DeploymentActive == true ? "deployed" : "not deployed",
                (a.SubmissionCount ?? 0).ToString(CultureInfo.InvariantCulture),
                (a.LastSubmissionTime ?? a.DateModified)?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—",
            ])));
            offset += page.Results.Count;
            if (page.Next is null || page.Results.Count == 0 || items.Count >= 5000)
            {
                return items;
            }
        }
    }

    // A 200 whose JSON lacks "results" deserializes without error, so it is caught here rather than by Refit.
    private static string Failure(Refit.IApiResponse response, string server) =>
        response.IsSuccessStatusCode && response.Error is null
            ? ErrorSentences.NotTheExpectedAnswer(KoboClientFactory.Target(server), ProjectList, null)
            : KoboClientFactory.Describe(response, server, ProjectList);

    private const string ProjectList = "a Kobo project list";
}

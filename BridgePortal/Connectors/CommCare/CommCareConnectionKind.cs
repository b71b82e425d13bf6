using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CommCare;

/// <summary>A CommCare HQ project space: server, domain, username + API key. Test = one authenticated Form API call.</summary>
public sealed class CommCareConnectionKind(CommCareClientFactory commCare) : IConnectionKind
{
    public static readonly ConnectionKind Kind = new("CommCare");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "CommCare HQ";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(CommCareSettings.ServerUrl, "Server URL", Help: "https://www.commcarehq.org (default), https://india.commcarehq.org or your own server"),
        new(CommCareSettings.Domain, "Project space (domain)", Required: true, Help: "The name in your CommCare URLs: /a/<domain>/"),
        new(CommCareSettings.Username, "Username", Required: true, Help: "The web user whose API key this is, e.g. someone@example.org"),
        new(CommCareSettings.ApiKey, "API key", Secret: true, Required: true, Help: "My account settings → API keys; encrypted, never shown back"),
    ];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        if (data.Setting(CommCareSettings.ServerUrl) is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors[CommCareSettings.ServerUrl] = "Server URL must be an absolute http:// or https:// URL, e.g. https://www.commcarehq.org.";
        }

        if (data.Setting(CommCareSettings.Domain) is not { } domain)
        {
            errors[CommCareSettings.Domain] = "The project space is required.";
        }
        else if (!domain.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors[CommCareSettings.Domain] = "A project space name has only letters, digits and '-' (as in /a/<domain>/).";
        }

        if (data.Setting(CommCareSettings.Username) is null)
        {
            errors[CommCareSettings.Username] = "The username is required (the API key belongs to it).";
        }

        if (data.Secret(CommCareSettings.ApiKey) is null)
        {
            errors[CommCareSettings.ApiKey] = "The API key is required.";
        }

        return errors;
    }

    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var server = CommCareClientFactory.Server(data);
        var domain = data.Setting(CommCareSettings.Domain) ?? "";
        return ConnectionProbe.RunAsync(CommCareClientFactory.Target(server), async limit =>
        {
            var response = await commCare.Create(data).ListFormsAsync(domain, 1, 0, null, limit);
            return response.IsSuccessStatusCode && response.Content is { } page
                ? ProbeOutcome.Ok($"Connected to project space '{domain}' on {server}: {page.Meta.TotalCount} form(s).")
                : ProbeOutcome.Failed(CommCareClientFactory.Describe(response, server, domain));
        }, TimeSpan.FromSeconds(15), cancellationToken);
    }
}

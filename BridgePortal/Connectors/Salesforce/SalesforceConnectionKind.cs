using System.Globalization;
using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// A Salesforce org: login host (production, sandbox or My Domain), OAuth flow (username-password with security
/// token, or client credentials), connected-app credentials and API version. Test = a fresh sign-in and
/// <c>GET /limits</c>: the org and the daily API requests left.
/// </summary>
public sealed class SalesforceConnectionKind(SalesforceClient salesforce) : IConnectionKind
{
    public static readonly ConnectionKind Kind = new("Salesforce");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "Salesforce";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(SalesforceSettings.LoginUrl, "Login URL", Help: "production (login.salesforce.com, the default), sandbox (test.salesforce.com) or your My Domain URL, e.g. https://acme.my.salesforce.com (required for client credentials)"),
        SettingField.Choice(SalesforceSettings.Flow, "OAuth flow", SalesforceSettings.Flows, "Username-password with security token (the default), or client credentials (needs your My Domain URL)"),
        new(SalesforceSettings.ClientId, "Consumer key (client id)", Required: true),
        new(SalesforceSettings.ClientSecret, "Consumer secret", Secret: true, Required: true, Help: "Encrypted, never shown back"),
        new(SalesforceSettings.Username, "Username", Help: "Username-password flow only"),
        new(SalesforceSettings.Password, "Password", Secret: true, Help: "Username-password flow only; encrypted, never shown back"),
        new(SalesforceSettings.SecurityToken, "Security token", Secret: true, Help: "Username-password flow, unless the org trusts BridgePortal's IP; appended to the password; encrypted"),
        new(SalesforceSettings.ApiVersion, "API version", Help: $"Default {SalesforceSettings.DefaultApiVersion}"),
    ];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        if (SalesforceSettings.Login(data) is null)
        {
            errors[SalesforceSettings.LoginUrl] = "Login URL is 'production', 'sandbox' or an absolute https:// URL (your My Domain).";
        }

        var flow = data.Setting(SalesforceSettings.Flow)?.ToLowerInvariant();
        if (flow is not (null or SalesforceSettings.PasswordFlow or SalesforceSettings.ClientCredentialsFlow or "client credentials" or "client-credentials"))
        {
            errors[SalesforceSettings.Flow] = "OAuth flow is 'password' or 'client_credentials'.";
        }
        else if (SalesforceSettings.FlowOf(data) == SalesforceSettings.ClientCredentialsFlow && !SalesforceSettings.IsCustomLogin(data))
        {
            errors[SalesforceSettings.LoginUrl] = "The client credentials flow signs in at the org's My Domain URL (e.g. https://acme.my.salesforce.com), not at login/test.salesforce.com.";
        }

        if (data.Setting(SalesforceSettings.ClientId) is null)
        {
            errors[SalesforceSettings.ClientId] = "Consumer key is required.";
        }

        if (data.Secret(SalesforceSettings.ClientSecret) is null)
        {
            errors[SalesforceSettings.ClientSecret] = "Consumer secret is required.";
        }

        if (SalesforceSettings.FlowOf(data) == SalesforceSettings.PasswordFlow)
        {
            if (data.Setting(SalesforceSettings.Username) is null)
            {
                errors[SalesforceSettings.Username] = "The username-password flow needs a username.";
            }

            if (data.Secret(SalesforceSettings.Password) is null)
            {
                errors[SalesforceSettings.Password] = "The username-password flow needs a password.";
            }
        }

        if (!SalesforceSettings.IsVersion(SalesforceSettings.Version(data)))
        {
            errors[SalesforceSettings.ApiVersion] = $"API version looks like {SalesforceSettings.DefaultApiVersion}.";
        }

        return errors;
    }

    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var target = new ApiTarget("Salesforce", data.Setting(SalesforceSettings.LoginUrl) ?? "the org", "Check the login URL and that the org is up.");
        return ConnectionProbe.RunAsync(
            limit => ProbeAsync(data, limit), TimeSpan.FromSeconds(30),
            e => e is SalesforceException refused ? refused.Message : ConnectionProbe.Unreachable(target, e), cancellationToken);
    }

    private async Task<ProbeOutcome> ProbeAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var version = SalesforceSettings.Version(data);
        var session = await salesforce.SessionAsync(data, cancellationToken, fresh: true);
        using var response = await salesforce.CallAsync(data, (api, s) => api.LimitsAsync(version, s.Authorization, cancellationToken), cancellationToken);
        if (!response.IsSuccessStatusCode || response.Content is not { } limits)
        {
            return ProbeOutcome.Failed($"Signed in, but GET /services/data/{version}/limits was answered {(int?)response.StatusCode}: {SalesforceErrors.ErrorText((response.Error as ApiException)?.Content)}");
        }

        var org = session.OrgId is { } id ? $"org {id} at {session.InstanceUrl.GetLeftPart(UriPartial.Authority)}" : $"org at {session.InstanceUrl.GetLeftPart(UriPartial.Authority)}";
        var daily = limits["DailyApiRequests"] as JsonObject;
        var requests = daily is null
            ? "DailyApiRequests not reported"
            : $"DailyApiRequests remaining {Number(daily["Remaining"])} of {Number(daily["Max"])}";
        var usage = salesforce.LimitInfo(data) is { } info ? $" ({info})" : "";
        return ProbeOutcome.Ok($"Signed in to {org} (API {version}): {requests}{usage}.");
    }

    private static string Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : node?.ToJsonString() ?? "?";
}

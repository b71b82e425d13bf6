using System.Text.RegularExpressions;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>Names and defaults of the Salesforce connection's and sink's settings.</summary>
public static partial class SalesforceSettings
{
    public const string LoginUrl = "LoginUrl";
    public const string Flow = "Flow";
    public const string ClientId = "ClientId";
    public const string ClientSecret = "ClientSecret";
    public const string Username = "Username";
    public const string Password = "Password";
    public const string SecurityToken = "SecurityToken";
    public const string ApiVersion = "ApiVersion";

    /// <summary>The sink's per-bridge mappings (JSON, see docs/salesforce-mappings.md).</summary>
    public const string Mappings = "Mappings";

    public const string Production = "production";
    public const string Sandbox = "sandbox";
    public const string ProductionUrl = "https://login.salesforce.com";
    public const string SandboxUrl = "https://test.salesforce.com";
    public const string PasswordFlow = "password";
    public const string ClientCredentialsFlow = "client_credentials";
    public const string DefaultApiVersion = "v62.0";

    public static IReadOnlyList<SettingChoice> Flows { get; } =
    [
        new(PasswordFlow, "Username-password (with security token)"),
        new(ClientCredentialsFlow, "Client credentials", "client credentials", "client-credentials"),
    ];

    /// <summary>The token endpoint's host: production, sandbox or the org's My Domain URL.</summary>
    public static Uri? Login(ConnectionData c) => (c.Setting(LoginUrl) ?? Production).ToLowerInvariant() switch
    {
        Production => new Uri(ProductionUrl),
        Sandbox => new Uri(SandboxUrl),
        _ => Uri.TryCreate(c.Setting(LoginUrl), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null,
    };

    public static bool IsCustomLogin(ConnectionData c) => (c.Setting(LoginUrl) ?? Production).ToLowerInvariant() is not (Production or Sandbox);

    public static string FlowOf(ConnectionData c) => c.Setting(Flow)?.ToLowerInvariant() switch
    {
        ClientCredentialsFlow or "client credentials" or "client-credentials" => ClientCredentialsFlow,
        _ => PasswordFlow,
    };

    public static string Version(ConnectionData c) => c.Setting(ApiVersion) is { } v ? (v.StartsWith('v') ? v : "v" + v) : DefaultApiVersion;

    public static bool IsVersion(string version) => VersionPattern().IsMatch(version);

    [GeneratedRegex(@"^v\d{2,3}\.\d$")]
    private static partial Regex VersionPattern();
}

using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>An AtHoc organisation: server, org code, OAuth client + user (password grant) and the attribute names. Test = a token and one user.</summary>
public sealed class AtHocConnectionKind(AtHocUsers users) : IConnectionKind
{
    public const string TlsWarning = "TLS certificate verification is OFF for this connection: anyone between BridgePortal and AtHoc can read the credentials.";

    public static readonly ConnectionKind Kind = new("AtHoc");

    ConnectionKind IConnectionKind.Kind => Kind;

    public string DisplayName => "AtHoc";

    public IReadOnlyList<SettingField> Fields { get; } =
    [
        new(AtHocSettings.ServerUrl, "Server URL", Required: true, Help: "e.g. https://alerts.example.org"),
        new(AtHocSettings.OrgCode, "Organisation code", Required: true, Help: "The AtHoc organisation (tenant) code"),
        new(AtHocSettings.ClientId, "OAuth client id", Required: true),
        new(AtHocSettings.ClientSecret, "OAuth client secret", Secret: true, Required: true, Help: "Encrypted, never shown back"),
        new(AtHocSettings.Username, "Username", Required: true, Help: "The AtHoc operator the password grant signs in as"),
        new(AtHocSettings.Password, "Password", Secret: true, Required: true, Help: "Encrypted, never shown back"),
        new(AtHocSettings.DutyFields, "Duty-status field(s)", Help: $"Attribute common name(s) the bridge may set, comma-separated (default {AtHocSettings.DefaultDutyField}); nothing else is ever sent"),
        new(AtHocSettings.EmployeeIdAttribute, "Employee / collar id field", Help: $"Attribute holding the rostering employee id (default {AtHocSettings.DefaultEmployeeIdAttribute})"),
        new(AtHocSettings.CollarIdAttribute, "Collar id field (optional)", Help: "A second attribute shown in the mapping table"),
        new(AtHocSettings.UsernameAttribute, "Username attribute", Help: $"The key users are matched by (default {AtHocSettings.DefaultUsernameAttribute})"),
        new(AtHocSettings.ReadAttributes, "Other attributes to read", Help: "Comma-separated common names read with each user by the mapping sync"),
        AtHocSettings.VerifyTlsField,
        new(AtHocSettings.SyncMaxDays, "Mapping sync: max days between syncs", Help: $"Default {AtHocSettings.DefaultSyncMaxDays}"),
        new(AtHocSettings.SyncDailyHour, "Mapping sync: daily hour", Help: $"Sync daily from this hour (0–23, server time) if not done that day; default {AtHocSettings.DefaultSyncDailyHour}"),
        new(AtHocSettings.Scope, "OAuth scope (advanced)", Help: $"Default {AtHocSettings.DefaultScope}"),
        new(AtHocSettings.UsersPageSize, "Users page size (advanced)", Help: $"Default {AtHocSettings.DefaultUsersPageSize}"),
    ];

    public IReadOnlyDictionary<string, string> Validate(ConnectionData data)
    {
        var errors = new Dictionary<string, string>();
        var url = data.Setting(AtHocSettings.ServerUrl);
        if (url is null)
        {
            errors[AtHocSettings.ServerUrl] = "Server URL is required.";
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors[AtHocSettings.ServerUrl] = "Server URL must be an absolute http:// or https:// URL.";
        }

        foreach (var (name, label) in new[] { (AtHocSettings.OrgCode, "Organisation code"), (AtHocSettings.ClientId, "OAuth client id"), (AtHocSettings.Username, "Username") })
        {
            if (data.Setting(name) is null)
            {
                errors[name] = $"{label} is required.";
            }
        }

        foreach (var (name, label) in new[] { (AtHocSettings.ClientSecret, "OAuth client secret"), (AtHocSettings.Password, "Password") })
        {
            if (data.Secret(name) is null)
            {
                errors[name] = $"{label} is required.";
            }
        }

        if (data.Setting(AtHocSettings.VerifyTls) is { } tls && tls.ToLowerInvariant() is not ("yes" or "no" or "true" or "false"))
        {
            errors[AtHocSettings.VerifyTls] = "Verify TLS certificate is 'yes' or 'no'.";
        }

        if (AtHocSettings.Duty(data).Any(f => string.Equals(f, AtHocSettings.UsernameKey(data), StringComparison.OrdinalIgnoreCase)))
        {
            errors[AtHocSettings.DutyFields] = "The duty-status field cannot be the username attribute.";
        }

        return errors;
    }

    public Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken)
    {
        var warning = AtHocSettings.VerifiesTls(data) ? "" : " Warning: " + TlsWarning;
        // AtHoc words its own failures (AtHocException), so only those and the time limit are caught here.
        return ConnectionProbe.RunAsync(async limit =>
        {
            var read = await users.ReadAllAsync(data, limit, maxUsers: 1, freshToken: true);
            var first = read.Count > 0 ? $" First user: {read[0].Username}." : " The organisation returned no users.";
            return ProbeOutcome.Ok($"Signed in to {data.Setting(AtHocSettings.ServerUrl)} (org {data.Setting(AtHocSettings.OrgCode)}).{first}{warning}");
        }, TimeSpan.FromSeconds(15), e => e switch
        {
            AtHocException refused => refused.Message + warning,
            OperationCanceledException => $"The AtHoc server {data.Setting(AtHocSettings.ServerUrl)} gave no answer within 15 s.{warning}",
            _ => null,
        }, cancellationToken);
    }
}

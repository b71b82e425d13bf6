using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>Encrypts connection and webhook secrets at rest with ASP.NET Data Protection (keys in the database).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("BridgePortal.Secrets.v1");

    public string? Protect(IReadOnlyDictionary<string, string> secrets) =>
        secrets.Count == 0 ? null : protector.Protect(JsonSerializer.Serialize(secrets));

    public Dictionary<string, string> Unprotect(string? protectedSecrets) =>
        string.IsNullOrEmpty(protectedSecrets)
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(protectedSecrets)) ?? [];

    /// <summary>The connection's settings and decrypted secrets, as a connector uses them.</summary>
    public ConnectionData Open(BridgePortal.Data.Model.Connection connection) =>
        new(connection.Kind, SettingsJson.Read(connection.SettingsJson), Unprotect(connection.ProtectedSecret));

    public string ProtectValue(string value) => protector.Protect(value);

    public string UnprotectValue(string protectedValue) => protector.Unprotect(protectedValue);
}

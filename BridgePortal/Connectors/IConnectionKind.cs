using BridgePortal.Engine.Model;

namespace BridgePortal.Connectors;

/// <summary>What a connector contributes for its connection kind: the settings form, validation and "Test connection".</summary>
public interface IConnectionKind
{
    ConnectionKind Kind { get; }

    string DisplayName { get; }

    /// <summary>The fields of the settings form, in order; secret fields are encrypted and never shown back.</summary>
    IReadOnlyList<SettingField> Fields { get; }

    /// <summary>Errors by field name; empty when valid.</summary>
    IReadOnlyDictionary<string, string> Validate(ConnectionData data);

    Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken);
}

/// <param name="FromCatalog">The value is picked from the connection's <see cref="IConnectionCatalog"/> (e.g. a Kobo project uid).</param>
/// <param name="Validate">Why a non-empty value is refused when a bridge is saved, or null when it is fine (source fields).</param>
public sealed record SettingField(
    string Name, string Label, bool Secret = false, bool Required = false, bool Multiline = false, string? Help = null, bool FromCatalog = false,
    Func<string, string?>? Validate = null);

public sealed record ConnectionTestResult(bool Succeeded, string Message, int LatencyMs);

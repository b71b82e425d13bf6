using BridgePortal.Data.Model;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>What a connector contributes for its connection kind: the settings form, validation and "Test connection".</summary>
public interface IConnectionKind
{
    ConnectionKind Kind { get; }

    string DisplayName { get; }

    /// <summary>The kind a new connection starts with in the form (the one most bridges need); the others follow by name.</summary>
    bool ListedFirst => false;

    /// <summary>The fields of the settings form, in order; secret fields are encrypted and never shown back.</summary>
    IReadOnlyList<SettingField> Fields { get; }

    /// <summary>Errors by field name; empty when valid.</summary>
    IReadOnlyDictionary<string, string> Validate(ConnectionData data);

    Task<ConnectionTestResult> TestAsync(ConnectionData data, CancellationToken cancellationToken);
}

public sealed record ConnectionTestResult(bool Succeeded, string Message, int LatencyMs);

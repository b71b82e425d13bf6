namespace BridgePortal.Data.Model;

/// <summary>One set of credentials for one external system, owned by one user.</summary>
public sealed class Connection
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string OwnerId { get; set; }

    public required ConnectionKind Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>Non-secret settings of the kind, as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>The kind's secret fields as JSON, encrypted with Data Protection; never displayed back.</summary>
    public string? ProtectedSecret { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastTestedAt { get; set; }

    public bool? LastTestSucceeded { get; set; }

    public string? LastTestMessage { get; set; }

    public int? LastTestLatencyMs { get; set; }
}

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>The <c>wetmills</c> row of a registration form.</summary>
public sealed record WetMillRow(
    string CaseId,
    IReadOnlyDictionary<string, string?> Columns,
    GpsPoint? Gps,
    DateTimeOffset? RegisteredAt,
    string? RegisteredBy,
    string FormId,
    string? Xmlns,
    DateTimeOffset? ReceivedOn,
    string Raw);

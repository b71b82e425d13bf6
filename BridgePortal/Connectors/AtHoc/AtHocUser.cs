namespace BridgePortal.Connectors.AtHoc;

/// <summary>One AtHoc user as the mapping table needs it, with every attribute read.</summary>
public sealed record AtHocUser(string Username, string? EmployeeId, string? CollarId, IReadOnlyDictionary<string, string> Attributes);

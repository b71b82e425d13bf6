namespace BridgePortal.Connectors.AtHoc;

/// <summary>One row of an AtHoc connection's mapping table: rostering employee id → AtHoc username.</summary>
public sealed class AtHocUserMapping
{
    public long Id { get; set; }

    public Guid ConnectionId { get; set; }

    public required string EmployeeId { get; set; }

    public required string Username { get; set; }

    public string? CollarId { get; set; }

    public DateTime LastUpdated { get; set; }
}

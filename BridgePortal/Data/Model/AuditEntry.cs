namespace BridgePortal.Data.Model;

/// <summary>Who did what, when: start/stop, create/edit/delete, retry, discard, connection test, login.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public required string Action { get; set; }

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public Guid? BridgeId { get; set; }

    public string? Detail { get; set; }
}

namespace BridgePortal.Identity;

/// <summary>One row of the Users page.</summary>
public sealed record UserSummary(string Id, string Email, string Role, DateTimeOffset? LockedUntil, int FailedLogins)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

namespace BridgePortal.Identity;

/// <summary>A token as its owner sees it on the profile page: never the token, only its prefix.</summary>
public sealed record PersonalAccessTokenView(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

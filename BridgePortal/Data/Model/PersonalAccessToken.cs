namespace BridgePortal.Data.Model;

/// <summary>
/// A user's token for the management API (<c>/api/v1</c>). Only the SHA-256 of the token is stored; the token
/// itself is shown once. It acts with its user's current role, so demoting or locking the user limits it at once.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Hex SHA-256 of the whole token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The token's first characters (<c>bp_pat_</c> + 4), so a user can tell their tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

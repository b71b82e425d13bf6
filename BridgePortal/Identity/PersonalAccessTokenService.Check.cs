using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Identity;

/// <summary>Checking a presented token on each API request: one indexed read, a write at most once a minute.</summary>
public sealed partial class PersonalAccessTokenService
{
    // Writing "last used" on every request would make each API call a write; a minute is precise enough to show.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The user id of a presented token that is neither revoked nor expired (and notes its use); null otherwise.</summary>
    public async Task<string?> UserOfAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = BridgeTokens.Hash(presented);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Select(t => new { t.Id, t.UserId, t.LastUsedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (token is null)
        {
            return null;
        }

        if (token.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            await db.PersonalAccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return token.UserId;
    }
}

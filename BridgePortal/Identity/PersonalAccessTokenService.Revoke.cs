using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Identity;

/// <summary>Revoking: the row stays, so the profile page and the audit trail still show the token by its prefix.</summary>
public sealed partial class PersonalAccessTokenService
{
    /// <summary>Revokes one of the actor's own tokens; false when it is not theirs or already revoked.</summary>
    public async Task<bool> RevokeAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == actor.Id && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "token.revoke", "PersonalAccessToken", id.ToString(), detail: $"'{token.Name}' ({token.Prefix}…)", cancellationToken: cancellationToken);
        return true;
    }
}

using System.Security.Cryptography;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>A token as its owner sees it on the profile page: never the token, only its prefix.</summary>
public sealed record PersonalAccessTokenView(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Creates, lists, revokes and checks personal access tokens; creation and revocation are audited.</summary>
public sealed class PersonalAccessTokenService(BridgeDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Every personal access token starts with this, so secret scanners and people can recognise one.</summary>
    public const string TokenPrefix = "bp_pat_";

    // Writing "last used" on every request would make each API call a write; a minute is precise enough to show.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<PersonalAccessTokenView>> ListAsync(Actor actor, CancellationToken cancellationToken) =>
        await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == actor.Id).OrderByDescending(t => t.CreatedAt)
            .Select(t => new PersonalAccessTokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);

    /// <summary>A new token for the actor (returned once, stored hashed), or why not.</summary>
    public async Task<(string? Token, string? Error)> CreateAsync(Actor actor, string name, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        name = name.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        if (name.Length is 0 or > 100)
        {
            return (null, "Give the token a name of 1 to 100 characters.");
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            return (null, "The expiry date must be in the future.");
        }

        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var entity = new PersonalAccessToken
        {
            UserId = actor.Id,
            Name = name,
            TokenHash = BridgeTokens.Hash(token),
            Prefix = token[..(TokenPrefix.Length + 4)],
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.PersonalAccessTokens.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor.User, "token.create", "PersonalAccessToken", entity.Id.ToString(),
            detail: $"'{name}' ({entity.Prefix}…), {(expiresAt is null ? "no expiry" : $"expires {expiresAt:u}")}", cancellationToken: cancellationToken);
        return (token, null);
    }

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

using System.Security.Cryptography;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>Creates, lists, revokes and checks personal access tokens; creation and revocation are audited.</summary>
public sealed partial class PersonalAccessTokenService(BridgeDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Every personal access token starts with this, so secret scanners and people can recognise one.</summary>
    public const string TokenPrefix = "bp_pat_";

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
}

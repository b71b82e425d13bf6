using System.Security.Claims;
using BridgePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Identity;

/// <summary>
/// Re-reads the acting user's lock and roles from the database before an action. The portal's principal comes from
/// a cookie and a long-lived circuit, so an Admin's lock or demotion would otherwise reach an open session only at
/// the next revalidation; every service action goes through here instead and acts with the current roles.
/// </summary>
public sealed class ActorCheck(BridgeDbContext db, TimeProvider clock, ILogger<ActorCheck> logger)
{
    public const string Locked = "Your account is locked: this action was refused. Ask an administrator to unlock it.";
    public const string Gone = "Your account no longer exists: this action was refused.";

    /// <summary>The actor with its current roles; throws <see cref="AccessDeniedException"/> when the account is locked or gone.</summary>
    public async Task<Actor> CurrentAsync(Actor actor, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actor.Id)
            .Select(u => new { u.LockoutEnabled, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            await RefuseAsync(actor, "refused: the account no longer exists", cancellationToken);
            throw new AccessDeniedException(Gone);
        }

        if (user.LockoutEnabled && user.LockoutEnd is { } end && end > clock.GetUtcNow())
        {
            await RefuseAsync(actor, "refused: the account is locked", cancellationToken);
            throw new AccessDeniedException(Locked);
        }

        var roles = await (from link in db.UserRoles
                           join role in db.Roles on link.RoleId equals role.Id
                           where link.UserId == actor.Id
                           select role.Name).ToListAsync(cancellationToken);
        var identity = new ClaimsIdentity(
            actor.User.Claims.Where(c => c.Type != ClaimTypes.Role),
            actor.User.Identity?.AuthenticationType ?? "Identity.Application",
            ClaimTypes.Name,
            ClaimTypes.Role);
        identity.AddClaims(roles.OfType<string>().Select(r => new Claim(ClaimTypes.Role, r)));
        return new Actor(new ClaimsPrincipal(identity));
    }

    // A security event: logged as a warning and kept in the audit log, so the Logs page shows it.
    private async Task RefuseAsync(Actor actor, string detail, CancellationToken cancellationToken)
    {
        logger.LogWarning("Action of user {UserId} refused: {Reason}", actor.Id, detail);
        db.AuditEntries.Add(new Data.Model.AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = actor.Id,
            UserName = actor.User.Identity?.Name,
            Action = AuditLog.Refused,
            Detail = detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

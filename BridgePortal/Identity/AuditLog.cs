using System.Security.Claims;
using BridgePortal.Data;
using BridgePortal.Data.Model;

namespace BridgePortal.Identity;

/// <summary>Writes who did what: start/stop, create/edit/delete, retry, discard, connection tests, logins.</summary>
public sealed class AuditLog(BridgeDbContext db, TimeProvider clock)
{
    /// <summary>The action of an audit entry for something a locked or deleted account tried (a security event on the Logs page).</summary>
    public const string Refused = "action.refused";

    /// <summary>A log-in attempt, by the e-mail typed (the user is not signed in yet).</summary>
    public Task WriteLoginAsync(string email, string outcome, CancellationToken cancellationToken = default) =>
        AddAsync(new AuditEntry { At = clock.GetUtcNow().UtcDateTime, UserName = email, Action = "login", TargetType = "User", TargetId = email, Detail = outcome }, cancellationToken);

    public async Task WriteAsync(ClaimsPrincipal? user, string action, string? targetType = null, string? targetId = null, Guid? bridgeId = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            BridgeId = bridgeId,
            Detail = detail is { Length: > 4000 } ? detail[..4000] : detail,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task AddAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }
}

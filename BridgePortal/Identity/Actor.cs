using System.Security.Claims;

namespace BridgePortal.Identity;

/// <summary>
/// Who is asking, and what they may see and do. Connections: owners only (Admins see every name and
/// kind, never secrets). Bridges and records: Admins and Viewers see all, Operators their own; only
/// Admins and owners who are Operators may change them.
/// </summary>
public sealed record Actor(ClaimsPrincipal User)
{
    public string Id { get; } = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");

    public bool IsAdmin => User.IsInRole(BridgeRoles.Admin);

    public bool IsOperator => User.IsInRole(BridgeRoles.Operator);

    public bool SeesAllBridges => IsAdmin || User.IsInRole(BridgeRoles.Viewer);

    public bool CanChange(string ownerId) => IsAdmin || (IsOperator && ownerId == Id);

    public bool CanCreate => IsAdmin || IsOperator;
}

/// <summary>The actor may not see or change that thing (treated as "not found" for things they cannot see).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

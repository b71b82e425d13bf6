namespace BridgePortal.Identity;

/// <summary>The three roles. Admin: everything and users; Operator: own connections and bridges; Viewer: read-only.</summary>
public static class BridgeRoles
{
    public const string Admin = "Admin";
    public const string Operator = "Operator";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Viewer];

    /// <summary>Admin or Operator: may change things (start/stop, retry, edit).</summary>
    public const string CanOperate = Admin + "," + Operator;
}

/// <summary>Authorization policy names.</summary>
public static class BridgePolicies
{
    public const string Admin = "RequireAdmin";
    public const string Operator = "RequireOperator";

    /// <summary>The management API: a personal access token, never the portal's cookie.</summary>
    public const string ManagementApi = "ManagementApi";

    /// <summary>The OpenAPI document: a signed-in portal user or a personal access token.</summary>
    public const string ApiDocument = "ApiDocument";
}

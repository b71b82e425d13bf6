using Microsoft.AspNetCore.Identity;

namespace BridgePortal.Data.Model;

/// <summary>An administrator-portal user. The user name is the e-mail address.</summary>
public class ApplicationUser : IdentityUser;

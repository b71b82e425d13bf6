namespace BridgePortal.Identity;

/// <summary>Optional first administrator created at start-up (for unattended installs such as docker compose).</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

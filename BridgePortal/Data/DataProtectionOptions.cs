namespace BridgePortal.Data;

/// <summary>
/// Optional certificate that encrypts the Data Protection key ring stored in the database, so a copy of
/// the database alone cannot decrypt connection secrets.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with a private key; every instance needs the same one.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

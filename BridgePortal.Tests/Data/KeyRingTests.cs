using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BridgePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace BridgePortal.Tests.Data;

public sealed class KeyRingTests
{
    [Fact]
    public async Task Without_a_certificate_the_stored_key_is_plain_xml_and_with_one_it_is_encrypted()
    {
        await using (var plain = await PortalHost.StartAsync(StorageKind.Sqlite))
        {
            Assert.Contains("<masterKey", await StoredKeyXmlAsync(plain));
        }

        var pfx = Path.Combine(Path.GetTempPath(), $"bp-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=BridgePortal key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-pass"));
        }

        var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "pfx-pass" };
        await using var encrypted = await PortalHost.StartAsync(StorageKind.Sqlite, settings);
        var xml = await StoredKeyXmlAsync(encrypted);
        Assert.Contains("EncryptedXml", xml);
        Assert.DoesNotContain("<masterKey", xml);

        var settingsBadPassword = new Dictionary<string, string?>(settings) { ["DataProtection:CertificatePassword"] = "wrong" };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => PortalHost.StartAsync(StorageKind.Sqlite, settingsBadPassword));
        Assert.Contains("DataProtection:CertificatePath", (error.InnerException ?? error).Message);
        File.Delete(pfx);
    }

    private static async Task<string> StoredKeyXmlAsync(PortalHost host)
    {
        host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("t").Protect("x");
        return await host.DbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).FirstAsync());
    }
}

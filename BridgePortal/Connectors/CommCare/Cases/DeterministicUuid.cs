using System.Security.Cryptography;
using System.Text;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>Name-based UUIDs (RFC 9562 version 5, SHA-1): the same namespace and name always give the same UUID.</summary>
public static class DeterministicUuid
{
    /// <summary>The namespace of CommCare case ids derived from Salesforce record ids (a fixed, published value: changing it re-keys every case).</summary>
    public static readonly Guid SalesforceCases = new("4c1f2a7e-9b3d-5e60-8a41-0d2b7c9e5f13");

    public static Guid V5(Guid space, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        space.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The CommCare case id of a Salesforce record: UUID v5 over its 18-character id.</summary>
    public static string CaseId(string salesforceId18) => V5(SalesforceCases, salesforceId18).ToString();
}

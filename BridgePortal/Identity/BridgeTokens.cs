using System.Security.Cryptography;
using System.Text;

namespace BridgePortal.Identity;

/// <summary>Ingest bearer tokens: random, shown once, stored only as a SHA-256 hash, compared in constant time.</summary>
public static class BridgeTokens
{
    public static string NewToken() => "bp_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewKey() => Base64Url(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant().Replace('_', 'x').Replace('-', 'y');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? presented, string storedHash) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Security.Cryptography;
using System.Text;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>Signature checks on the raw bytes, compared in constant time; a reason when they fail (never the secret).</summary>
public static class WebhookSignatures
{
    /// <summary>Checks <c>prefix + hex(HMAC(secret, body))</c> as GitHub (<c>sha256=</c>) and Taiga (no prefix) send it.</summary>
    public static string? CheckHex(string? header, string headerName, string prefix, HashAlgorithmName algorithm, string secret, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"The {headerName} header is missing.";
        }

        header = header.Trim();
        if (prefix.Length > 0 && !header.StartsWith(prefix, StringComparison.Ordinal))
        {
            var given = header.Contains('=') ? header[..header.IndexOf('=')] : "none";
            return $"The {headerName} header must start with '{prefix}' (got algorithm '{given}').";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(header[prefix.Length..]);
        }
        catch (FormatException)
        {
            return $"The {headerName} header is not a hex digest.";
        }

        var expected = Hmac(algorithm, Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, signature) ? null : $"The {headerName} signature does not match the body.";
    }

    /// <summary>A shared token, compared in constant time (by hash, so its length leaks nothing either).</summary>
    public static bool TokenMatches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>HMAC over the body in place (no copy of it).</summary>
    public static byte[] Hmac(HashAlgorithmName algorithm, byte[] key, ReadOnlySpan<byte> data) =>
        algorithm == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, data)
        : algorithm == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data)
        : throw new ArgumentOutOfRangeException(nameof(algorithm));
}

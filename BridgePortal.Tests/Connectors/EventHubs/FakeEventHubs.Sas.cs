using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.EventHubs;

// Shared access signature tokens: how they are signed and every check the service makes on one.
public sealed partial class FakeEventHubs
{
    /// <summary>Base64(HMAC-SHA256(UTF8(key), UTF8(<paramref name="encodedResource"/> + "\n" + <paramref name="expiry"/>))).</summary>
    public static string Sign(string key, string encodedResource, long expiry) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Checks the SAS token; returns the 401 body on failure, null when it verifies.</summary>
    private string? Authenticate(HttpRequest request, string? publisher)
    {
        var failure = Verify(request.Headers.Authorization.ToString(), publisher);
        if (failure is null)
        {
            return null;
        }

        Interlocked.Increment(ref authFailures);
        LastAuthFailure = failure;
        return failure.StartsWith("ExpiredToken", StringComparison.Ordinal)
            ? "<Error><Code>401</Code><Detail>ExpiredToken: The token is expired.</Detail></Error>"
            : "<Error><Code>401</Code><Detail>InvalidSignature: The token has an invalid signature.</Detail></Error>";
    }

    /// <summary>Returns why the token fails (null: valid).</summary>
    private string? Verify(string header, string? publisher)
    {
        const string scheme = "SharedAccessSignature ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "MissingToken: no 'Authorization: SharedAccessSignature …' header";
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in header[scheme.Length..].Trim().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
        }

        if (!parts.TryGetValue("sr", out var sr) || !parts.TryGetValue("sig", out var sig) || !parts.TryGetValue("se", out var se) || !parts.TryGetValue("skn", out var skn))
        {
            return "InvalidSignature: the token lacks one of sr, sig, se, skn";
        }

        var resource = Uri.UnescapeDataString(sr).TrimEnd('/');
        var allowed = publisher is null ? [Resource] : new[] { Resource, $"{Resource}/publishers/{publisher}" };
        if (!allowed.Any(r => string.Equals(resource, r, StringComparison.OrdinalIgnoreCase)))
        {
            return $"InvalidSignature: sr '{resource}' is not '{Resource}'";
        }

        if (!string.Equals(Uri.UnescapeDataString(skn), KeyName, StringComparison.Ordinal))
        {
            return $"InvalidSignature: skn '{skn}' is not '{KeyName}'";
        }

        if (!long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return $"InvalidSignature: se '{se}' is not Unix seconds";
        }

        var given = Uri.UnescapeDataString(sig);
        var decoded = Uri.UnescapeDataString(sr);
        string[] signed =
        [
            sr, Uri.EscapeDataString(decoded), WebUtility.UrlEncode(decoded),
            Uri.EscapeDataString(decoded.ToLowerInvariant()), WebUtility.UrlEncode(decoded.ToLowerInvariant()),
        ];
        var currentKey = Key;
        if (!signed.Distinct().Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(currentKey, s, expiry)), Encoding.ASCII.GetBytes(given))))
        {
            return "InvalidSignature: sig does not match HMAC-SHA256(key, sr + \"\\n\" + se)";
        }

        return expiry <= TimeProvider.GetUtcNow().ToUnixTimeSeconds() ? $"ExpiredToken: se {expiry} is in the past" : null;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace BridgePortal.Connectors.EventHubs;

/// <summary>
/// Shared Access Signature tokens (<c>SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c>), valid for an hour,
/// cached per resource and key and renewed five minutes before they expire.
/// </summary>
public sealed class SasTokens(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> cache = new();

    public string For(EventHubsTarget target)
    {
        var cacheKey = $"{target.Resource}\n{target.KeyName}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(target.Key)))}";
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(cacheKey, out var cached) && cached.Expires - now > RenewBefore)
        {
            return cached.Token;
        }

        var expires = now + Lifetime;
        var token = Create(target.Resource, target.KeyName, target.Key, expires.ToUnixTimeSeconds());
        cache[cacheKey] = (token, expires);
        return token;
    }

    /// <summary>The documented algorithm: HMAC-SHA256 over <c>url-encode(resource) + "\n" + expiry</c>.</summary>
    public static string Create(string resource, string keyName, string key, long expiry)
    {
        var encoded = WebUtility.UrlEncode(resource);
        var expiryText = expiry.ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encoded + "\n" + expiryText)));
        return $"SharedAccessSignature sr={encoded}&sig={WebUtility.UrlEncode(signature)}&se={expiryText}&skn={keyName}";
    }

    public void Forget() => cache.Clear();
}

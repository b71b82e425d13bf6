using System.Security.Cryptography;
using System.Text;

namespace BridgePortal.Engine;

/// <summary>Constant-time checks of the credentials a webhook sender puts in its <c>Authorization</c> header.</summary>
public static class WebhookAuth
{
    public const string BasicChallenge = "Basic realm=\"BridgePortal\", charset=\"UTF-8\"";

    /// <summary>True when <paramref name="header"/> is <c>Basic base64(username:password)</c> for exactly these credentials.</summary>
    public static bool BasicMatches(string? header, string username, string password)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes($"{username}:{password}"));
    }

    /// <summary>True when <paramref name="header"/> is <c>Bearer {token}</c> for exactly this token.</summary>
    public static bool BearerMatches(string? header, string token) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
}

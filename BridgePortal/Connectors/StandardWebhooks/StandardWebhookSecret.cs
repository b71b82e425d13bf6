namespace BridgePortal.Connectors.StandardWebhooks;

/// <summary>
/// A Standard Webhooks signing secret read as the official libraries read it (standard-webhooks/libraries: C#, Go,
/// JavaScript, Python, Rust, PHP): an optional <c>whsec_</c> prefix, then standard base64 — padded, or unpadded as the
/// Python library accepts it. A secret that is not base64, or decodes to zero bytes (<c>whsec_</c>), is refused: every
/// library throws there, and an empty HMAC key would let anyone sign.
/// </summary>
public static class StandardWebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The HMAC key, or null with <paramref name="problem"/> saying why the secret is not usable (never echoing it).</summary>
    public static byte[]? Key(string secret, out string? problem)
    {
        var text = secret.Trim();
        text = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text;
        var data = text.TrimEnd('=');
        if (text.Length - data.Length > 2 || data.Length % 4 == 1 || !data.All(IsBase64))
        {
            problem = $"The signing secret is not base64: give it as the sender shows it, {Prefix} followed by base64 (e.g. {Prefix}MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw).";
            return null;
        }

        var key = Convert.FromBase64String(data.PadRight(data.Length + ((4 - (data.Length % 4)) % 4), '='));
        problem = key.Length == 0 ? "The signing secret decodes to zero bytes: an empty key would let anyone sign. Give the secret the sender shows." : null;
        return key.Length == 0 ? null : key;
    }

    /// <summary>Why the secret is not usable, or null when it is (the bridge form's check on save).</summary>
    public static string? Problem(string secret)
    {
        Key(secret, out var problem);
        return problem;
    }

    private static bool IsBase64(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';
}

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>
/// Salesforce record ids: 15 case-sensitive characters, or those 15 plus a 3-character suffix that encodes which of
/// them are upper case (the form the REST API returns). Everything BridgePortal derives from an id uses the 18.
/// </summary>
public static class SalesforceIds
{
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>The 18-character form of <paramref name="id"/>, or null when it is not a Salesforce id (or its suffix is wrong).</summary>
    public static string? Normalize(string? id)
    {
        if (id is not ({ Length: 15 } or { Length: 18 }) || !id.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var full = id[..15] + Suffix(id.AsSpan(0, 15));
        return id.Length == 15 || string.Equals(id[15..], full[15..], StringComparison.OrdinalIgnoreCase) ? full : null;
    }

    private static string Suffix(ReadOnlySpan<char> id)
    {
        Span<char> suffix = stackalloc char[3];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                if (char.IsAsciiLetterUpper(id[(chunk * 5) + i]))
                {
                    bits |= 1 << i;
                }
            }

            suffix[chunk] = SuffixAlphabet[bits];
        }

        return new string(suffix);
    }
}

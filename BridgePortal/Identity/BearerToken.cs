namespace BridgePortal.Identity;

/// <summary>The token of an <c>Authorization: Bearer …</c> header; the scheme name is case-insensitive (RFC 6750 §2.1).</summary>
public static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}

using System.ComponentModel.DataAnnotations;

namespace BridgePortal.Components.Account.Pages.Manage;

/// <summary>What the two forms post and do: a new token is shown once, with caching forbidden.</summary>
public sealed partial class AccessTokens
{
    private async Task CreateAsync()
    {
        var expires = Input.ExpiresInDays > 0 ? Clock.GetUtcNow().UtcDateTime.AddDays(Input.ExpiresInDays) : (DateTime?)null;
        var (token, error) = await Tokens.CreateAsync(Me, Input.Name, expires, HttpContext.RequestAborted);
        if (token is null)
        {
            message = $"Error: {error}";
            return;
        }

        // The page now holds a secret: no cache may keep it.
        HttpContext.Response.Headers.CacheControl = "no-store";
        newToken = token;
        Input = new();
        tokens = await Tokens.ListAsync(Me, HttpContext.RequestAborted);
    }

    private async Task RevokeAsync()
    {
        var revoked = await Tokens.RevokeAsync(Me, Revoke.TokenId, HttpContext.RequestAborted);
        message = revoked ? "The token is revoked." : "Error: no such active token.";
        tokens = await Tokens.ListAsync(Me, HttpContext.RequestAborted);
    }

    private sealed class CreateModel
    {
        [Required]
        [StringLength(100)]
        public string Name { get; set; } = "";

        [Range(0, 365)]
        public int ExpiresInDays { get; set; } = 90;
    }

    private sealed class RevokeModel
    {
        public Guid TokenId { get; set; }
    }
}

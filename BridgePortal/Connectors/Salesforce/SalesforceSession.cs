namespace BridgePortal.Connectors.Salesforce;

/// <summary>A signed-in session: bearer token, the org's instance URL and the identity URL (<c>…/id/{orgId}/{userId}</c>).</summary>
public sealed record SalesforceSession(string AccessToken, Uri InstanceUrl, string? IdentityUrl)
{
    public string Authorization => "Bearer " + AccessToken;

    /// <summary>The org id from the identity URL, if it has one.</summary>
    public string? OrgId => Segments() is [.., "id", var org, _] ? org : null;

    public string? UserId => Segments() is [.., "id", _, var user] ? user : null;

    private string[] Segments() =>
        Uri.TryCreate(IdentityUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) : [];
}

/// <summary>A Salesforce failure with a message fit for the UI (never a secret); <see cref="Transient"/> when a retry may help.</summary>
public sealed class SalesforceException(string message, bool transient = false, int? status = null) : Exception(message)
{
    public bool Transient { get; } = transient;

    public int? Status { get; } = status;
}

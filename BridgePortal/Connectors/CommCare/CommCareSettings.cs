namespace BridgePortal.Connectors.CommCare;

/// <summary>Setting names of the CommCare connection and of the form-forwarding source.</summary>
public static class CommCareSettings
{
    public const string DefaultServerUrl = "https://www.commcarehq.org";

    // Connection
    public const string ServerUrl = "ServerUrl";
    public const string Domain = "Domain";
    public const string Username = "Username";
    public const string ApiKey = "ApiKey";

    // Source (what the data forwarder sends)
    public const string WebhookUsername = "WebhookUsername";
    public const string WebhookPassword = "WebhookPassword";
    public const string WebhookToken = "WebhookToken";
}

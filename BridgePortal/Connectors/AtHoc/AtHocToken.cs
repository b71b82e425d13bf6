namespace BridgePortal.Connectors.AtHoc;

public sealed record AtHocToken(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string? TokenType);

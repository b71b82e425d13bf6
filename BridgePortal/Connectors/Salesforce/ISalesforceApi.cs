using System.Text.Json.Nodes;
using Refit;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>Salesforce: the OAuth token endpoint (on the login host) and the REST calls (on the org's instance URL).</summary>
public interface ISalesforceApi
{
    [Post("/services/oauth2/token")]
    Task<IApiResponse<SalesforceToken>> TokenAsync([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Get("/services/data/{version}/limits")]
    Task<IApiResponse<JsonObject>> LimitsAsync(string version, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    /// <summary>sObject Collections upsert by external id: ≤ 200 records; the answer has one result per record, in order.</summary>
    [Patch("/services/data/{version}/composite/sobjects/{sobject}/{externalIdField}")]
    Task<IApiResponse<JsonArray>> UpsertAsync(
        string version, string sobject, string externalIdField, [Body] JsonObject body, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}

public sealed record SalesforceToken(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("instance_url")] string InstanceUrl,
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] string? Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string? TokenType);

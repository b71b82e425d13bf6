using System.Text.Json.Nodes;
using Refit;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>AtHoc IWS: OAuth password grant, the basic user search and the user sync by attribute common names.</summary>
public interface IAtHocApi
{
    [Post("/AuthServices/Auth/connect/token")]
    Task<IApiResponse<AtHocToken>> TokenAsync([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    /// <summary>One page (1-based) of users with the asked attribute common names (comma-separated).</summary>
    [Get("/api/v2/orgs/{orgCode}/users/search/basic")]
    Task<IApiResponse<JsonNode>> SearchUsersAsync(
        string orgCode,
        [AliasAs("Attributes")] string attributes,
        [AliasAs("PageNumber")] int pageNumber,
        [AliasAs("PageSize")] int pageSize,
        [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    /// <summary>Sets the given attributes of each user (keyed by the username attribute); the answer reports each user's outcome.</summary>
    [Post("/api/v2/orgs/{orgCode}/users/SyncByCommonNames")]
    Task<IApiResponse<JsonNode>> SyncByCommonNamesAsync(
        string orgCode, [Body] JsonArray users, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Refit;

namespace BridgePortal.Connectors.Kobo;

/// <summary>KoboToolbox KPI API v2 (token auth is set on the client).</summary>
public interface IKoboApi
{
    [Get("/api/v2/assets/?format=json&q=asset_type:survey")]
    Task<IApiResponse<KoboPage<KoboAsset>>> ListAssetsAsync(int limit, int offset, CancellationToken cancellationToken);

    /// <summary>Submissions of one asset; <paramref name="query"/> and <paramref name="sort"/> are Mongo-style JSON.</summary>
    [Get("/api/v2/assets/{uid}/data/?format=json")]
    Task<IApiResponse<KoboPage<JsonObject>>> ListSubmissionsAsync(string uid, int limit, int start, string query, string sort, CancellationToken cancellationToken);
}

public sealed record KoboPage<T>(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("results")] List<T> Results);

public sealed record KoboAsset(
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("deployment__active")] bool? DeploymentActive,
    [property: JsonPropertyName("deployment__submission_count")] int? SubmissionCount,
    [property: JsonPropertyName("deployment__last_submission_time")] DateTime? LastSubmissionTime,
    [property: JsonPropertyName("date_modified")] DateTime? DateModified);

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Refit;

namespace BridgePortal.Connectors.CommCare;

/// <summary>CommCare HQ's APIs under <c>/a/{domain}/</c> (the <c>ApiKey user:key</c> header is set on the client).</summary>
public interface ICommCareApi
{
    /// <summary>Form API v0.5, newest first, optionally one form type.</summary>
    [Get("/a/{domain}/api/v0.5/form/?format=json")]
    Task<IApiResponse<CommCarePage<JsonObject>>> ListFormsAsync(string domain, int limit, int offset, string? xmlns, CancellationToken cancellationToken);
}

public sealed record CommCarePage<T>(
    [property: JsonPropertyName("meta")] CommCarePageMeta Meta,
    [property: JsonPropertyName("objects")] List<T> Objects);

public sealed record CommCarePageMeta(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("previous")] string? Previous);

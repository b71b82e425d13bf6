namespace BridgePortal.Api;

/// <summary>
/// Turns an exception thrown on an <c>/api</c> or <c>/hooks</c> request into the problem answered for it (e.g. a
/// malformed request → 400, an unreachable database → 503 with Retry-After). Register one with
/// <c>services.AddSingleton&lt;IApiExceptionMapper, …&gt;()</c>; <see cref="ApiExceptionHandler"/> asks each in turn,
/// and answers anything none maps as a logged 500.
/// </summary>
public interface IApiExceptionMapper
{
    /// <summary>The problem for <paramref name="exception"/>, or null when this mapper does not know it.</summary>
    ApiProblem? Map(Exception exception);
}

/// <summary>A problem+json answer: status, title, detail and any headers (e.g. <c>Retry-After</c>).</summary>
public sealed record ApiProblem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string>? Headers = null);

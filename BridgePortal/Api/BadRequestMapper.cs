namespace BridgePortal.Api;

/// <summary>
/// Kestrel's refusals of a request it could not read (a malformed chunked body, a body cut short, one over Kestrel's
/// own size limit) surface as <see cref="BadHttpRequestException"/> when the endpoint reads the body; they carry their status.
/// </summary>
public sealed class BadRequestMapper : IApiExceptionMapper
{
    public ApiProblem? Map(Exception exception) => exception switch
    {
        BadHttpRequestException e => new ApiProblem(e.StatusCode, "Unreadable request", $"The request body could not be read: {e.Message}"),
        EndOfStreamException => new ApiProblem(StatusCodes.Status400BadRequest, "Unreadable request", "The request body ended before its declared Content-Length."),
        _ => null,
    };
}

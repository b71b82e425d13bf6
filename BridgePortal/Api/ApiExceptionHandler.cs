using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BridgePortal.Api;

/// <summary>
/// The single place an exception on an <c>/api</c> or <c>/hooks</c> request becomes an answer: problem+json from the
/// first <see cref="IApiExceptionMapper"/> that knows it, else a 500 that is logged with its trace id. Intake commits
/// in one transaction, so a request that throws has stored nothing. Other paths (the portal) keep their error page.
/// </summary>
public sealed class ApiExceptionHandler(IEnumerable<IApiExceptionMapper> mappers, IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The portal's handler may already have pointed the request at its error page: the original path decides.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (!ApiErrors.IsApiPath(path))
        {
            return false;
        }

        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The sender hung up (a timeout, a closed connection): nobody reads an answer. Queued records may still be
            // committed, and the sender's retry finds them by natural id.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = mappers.Select(m => m.Map(exception)).FirstOrDefault(p => p is not null);
        if (problem is null)
        {
            logger.LogError(exception, "Unexpected error on {Method} {Path} (trace {TraceId})", httpContext.Request.Method, path, httpContext.TraceIdentifier);
            problem = new ApiProblem(StatusCodes.Status500InternalServerError, "Unexpected error",
                $"The server failed on this request and stored nothing of it; it is logged with trace id {httpContext.TraceIdentifier}. Send it again later.");
        }
        else
        {
            logger.LogWarning("{Method} {Path} refused with {Status}: {Reason}", httpContext.Request.Method, path, problem.Status, exception.Message);
        }

        httpContext.Response.StatusCode = problem.Status;
        foreach (var (name, value) in problem.Headers ?? new Dictionary<string, string>())
        {
            httpContext.Response.Headers[name] = value;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail },
        });
    }
}

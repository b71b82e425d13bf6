using BridgePortal.Identity;

namespace BridgePortal.Api.V1;

/// <summary>
/// The services' refusals as problem+json: a thing the caller may not see or change is a 404 (as the UI,
/// the API does not tell "not yours" from "not there").
/// </summary>
internal sealed class ApiErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AccessDeniedException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
    }
}

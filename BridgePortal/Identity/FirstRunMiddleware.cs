namespace BridgePortal.Identity;

/// <summary>
/// On an empty database, sends visitors of the home and login pages to <c>/setup</c>; once an Admin
/// exists, <c>/setup</c> is gone (404).
/// </summary>
public sealed class FirstRunMiddleware(RequestDelegate next, FirstRunState state)
{
    public const string SetupPath = "/setup";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals(SetupPath, StringComparison.OrdinalIgnoreCase))
        {
            if (await state.AdminExistsAsync())
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }
        else if (HttpMethods.IsGet(context.Request.Method)
                 && (path == "/" || path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase))
                 && !await state.AdminExistsAsync())
        {
            context.Response.Redirect(SetupPath);
            return;
        }

        await next(context);
    }
}

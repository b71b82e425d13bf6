using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.EventHubs;

// The request router (send and hub description) and the Atom description Event Hubs answers a GET with.
public sealed partial class FakeEventHubs
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requestLog.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var segments = (request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var knownHub = segments.Length > 0 && string.Equals(Uri.UnescapeDataString(segments[0]), Hub, StringComparison.OrdinalIgnoreCase);
        var isSend = knownHub && (segments is [_, "messages"] or [_, "partitions", _, "messages"] or [_, "publishers", _, "messages"]);
        var isPost = HttpMethods.IsPost(request.Method);

        if (isPost && isSend)
        {
            await SendAsync(context, segments);
            return;
        }

        if (HttpMethods.IsGet(request.Method) && knownHub && segments.Length == 1)
        {
            if (Authenticate(request, publisher: null) is { } failure)
            {
                await WriteAsync(context, 401, failure);
                return;
            }

            await WriteAsync(context, 200, Description(), "application/atom+xml;type=entry;charset=utf-8");
            return;
        }

        if (isPost)
        {
            Interlocked.Increment(ref rejected);
        }

        var what = segments.Length > 0 ? segments[0] : "";
        await WriteAsync(context, 404, $"<Error><Code>404</Code><Detail>The messaging entity '{Namespace}/{what}' could not be found.</Detail></Error>");
    }

    private string Description()
    {
        var now = TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
        var ids = string.Concat(Enumerable.Range(0, PartitionCount).Select(i => $"<string>{i}</string>"));
        return $"""
            <entry xmlns="http://www.w3.org/2005/Atom"><id>https://{Namespace}/{Hub}?api-version=2014-01</id><title type="text">{Hub}</title><updated>{now}</updated><author><name>{Namespace.Split('.')[0]}</name></author><link rel="self" href="https://{Namespace}/{Hub}?api-version=2014-01"/><content type="application/xml;type=entry;charset=utf-8"><EventHubDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><MessageRetentionInDays>1</MessageRetentionInDays><AuthorizationRules></AuthorizationRules><Status>Active</Status><CreatedAt>{now}</CreatedAt><UpdatedAt>{now}</UpdatedAt><PartitionCount>{PartitionCount}</PartitionCount><PartitionIds>{ids}</PartitionIds></EventHubDescription></content></entry>
            """;
    }

    private static async Task WriteAsync(HttpContext context, int status, string body, string contentType = "application/xml; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }
}

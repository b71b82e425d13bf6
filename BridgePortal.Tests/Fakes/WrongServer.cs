using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 that is not the system a connection expects: it answers every request with the
/// status, content type and body it is told (a JSON object of another API, an HTML page, plain text).
/// </summary>
public sealed class WrongServer : IAsyncDisposable
{
    private WebApplication app = default!;
    private (int Status, string ContentType, string Body) answer = (200, "application/json", "{\"hello\":\"world\"}");

    public Uri BaseAddress { get; private set; } = default!;

    public static async Task<WrongServer> StartAsync()
    {
        var server = new WrongServer();
        (server.app, server.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            var (status, type, body) = server.answer;
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            await context.Response.WriteAsync(body);
        }));
        return server;
    }

    public void Answer(int status, string contentType, string body) => answer = (status, contentType, body);

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

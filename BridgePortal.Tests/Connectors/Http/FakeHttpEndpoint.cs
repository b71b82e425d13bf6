using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BridgePortal.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BridgePortal.Tests.Connectors.Http;

/// <summary>One request the fake received.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTime ReceivedAt, bool? SignatureValid)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a downstream API (the Http sink's target). It records
/// every request, checks <c>X-Signature: sha256=&lt;hex HMAC&gt;</c> when given the secret, and answers 200
/// unless told otherwise (<see cref="Respond"/>), e.g. 503 for a transient or 422 for a permanent failure.
/// </summary>
public sealed class FakeHttpEndpoint : IAsyncDisposable
{
    private WebApplication app = default!;
    private readonly ConcurrentQueue<ReceivedRequest> received = new();

    private readonly ConcurrentQueue<ReceivedRequest> arrived = new();
    private volatile Func<ReceivedRequest, (int Status, string Body)> responder = _ => (200, "{\"ok\":true}");

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>HMAC secret to verify signatures with (null: not checked).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Delay before answering (to provoke timeouts).</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. received];

    /// <summary>Every request as it arrived, before any <see cref="Delay"/> (including ones the client gave up on).</summary>
    public IReadOnlyList<ReceivedRequest> Arrived => [.. arrived];

    public static async Task<FakeHttpEndpoint> StartAsync()
    {
        var fake = new FakeHttpEndpoint();
        (fake.app, fake.BaseAddress) = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Answers every request with <paramref name="status"/> from now on.</summary>
    public void Respond(int status, string body = "") => responder = _ => (status, body);

    public void Respond(Func<ReceivedRequest, (int Status, string Body)> respond) => responder = respond;

    public void Heal() => Respond(200, "{\"ok\":true}");

    /// <summary>Waits until <paramref name="condition"/> holds for the requests received so far.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition(Requests))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the fake endpoint saw {received.Count} request(s), not what the test waited for");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        bool? signatureValid = null;
        if (SigningSecret is { } secret)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
            signatureValid = headers.TryGetValue("X-Signature", out var given)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
        }

        var request = new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body, DateTime.UtcNow, signatureValid);
        arrived.Enqueue(request);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var (status, responseBody) = signatureValid == false ? (401, "{\"error\":\"bad signature\"}") : responder(request);
        received.Enqueue(request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(responseBody);
    }
}

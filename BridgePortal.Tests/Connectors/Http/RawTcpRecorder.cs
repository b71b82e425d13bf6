using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BridgePortal.Tests.Connectors.Http;

/// <summary>
/// A bare TCP listener on 127.0.0.1 that records every byte a client sends and answers each request it can frame
/// (headers + Content-Length body) with <c>200 OK</c>. No HTTP server parses anything first, so a smuggled header
/// or a second request inside one send shows up exactly as it went over the wire.
/// </summary>
public sealed class RawTcpRecorder : IAsyncDisposable
{
    private static readonly byte[] Ok = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly MemoryStream received = new();
    private readonly Task accepting;

    private RawTcpRecorder()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    /// <summary>Everything received so far, on every connection, as Latin-1 text (one char per byte).</summary>
    public string Text
    {
        get
        {
            lock (received)
            {
                return Encoding.Latin1.GetString(received.ToArray());
            }
        }
    }

    /// <summary>How many request lines (<c>METHOD target HTTP/1.x</c>) arrived.</summary>
    public int RequestLines => Text.Split("\r\n").Count(l => l.EndsWith(" HTTP/1.1", StringComparison.Ordinal) || l.EndsWith(" HTTP/1.0", StringComparison.Ordinal));

    public static RawTcpRecorder Start() => new();

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var pending = new List<byte>();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, stop.Token);
                if (n == 0)
                {
                    return;
                }

                lock (received)
                {
                    received.Write(buffer, 0, n);
                }

                pending.AddRange(buffer.AsSpan(0, n).ToArray());
                while (TryFrame(pending, out var length))
                {
                    pending.RemoveRange(0, length);
                    await stream.WriteAsync(Ok, stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // client or listener gone
        }
    }

    private static bool TryFrame(List<byte> data, out int length)
    {
        length = 0;
        var text = Encoding.Latin1.GetString([.. data]);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var contentLength = text[..end].Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        length = end + 4 + contentLength;
        return data.Count >= length;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}

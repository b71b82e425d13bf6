using System.Net;
using System.Net.Sockets;

namespace BridgePortal.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of the shared PostgreSQL: <see cref="StopAsync"/> refuses new connections and
/// cuts open ones, as a stopped server does, without stopping the server other tests share; <see cref="Start"/>
/// listens again on the same port.
/// </summary>
public sealed class TcpProxy(int targetPort) : IAsyncDisposable
{
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? running;

    public int Port { get; private set; }

    public void Start()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        running = new CancellationTokenSource();
        _ = AcceptAsync(listener, running.Token);
    }

    public async Task StopAsync()
    {
        if (running is not null)
        {
            await running.CancelAsync();
        }

        listener?.Stop();
        lock (open)
        {
            foreach (var client in open)
            {
                try
                {
                    client.Client?.LingerState = new LingerOption(true, 0); // reset, like a server that went away
                }
                catch (ObjectDisposedException)
                {
                    // already closed by its pump
                }

                client.Dispose();
            }

            open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                var client = await server.AcceptTcpClientAsync(token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, targetPort, token);
                lock (open)
                {
                    open.Add(client);
                    open.Add(upstream);
                }

                _ = PumpAsync(client, upstream, token);
                _ = PumpAsync(upstream, client, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken token)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // one side went away
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

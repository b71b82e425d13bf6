using System.Threading.Channels;

namespace BridgePortal.Engine;

/// <summary>In-process wake-up: intake and start/stop tell the delivery worker which bridge has work now.</summary>
public sealed class DispatchSignal
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<Guid> Reader => channel.Reader;

    public void Notify(Guid bridgeId) => channel.Writer.TryWrite(bridgeId);
}

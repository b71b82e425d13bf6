using BridgePortal.Connectors.Abstractions;
namespace BridgePortal.Engine;

/// <summary>Splits a claimed batch into sink calls within the sink's count and byte limits.</summary>
internal static class SinkChunks
{
    // A record bigger than the byte limit travels alone; the sink decides whether that is too big.
    public static IEnumerable<List<OutboundRecord>> Split(List<OutboundRecord> records, SinkLimits limits)
    {
        var chunk = new List<OutboundRecord>();
        long bytes = 0;
        foreach (var record in records)
        {
            var size = System.Text.Encoding.UTF8.GetByteCount(record.Payload);
            if (chunk.Count > 0 && (chunk.Count >= limits.MaxCount || bytes + size > limits.MaxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(record);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}

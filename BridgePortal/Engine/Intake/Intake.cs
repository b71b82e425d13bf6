using System.Security.Cryptography;
using System.Text;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Engine;

/// <summary>
/// Stores inbound records, idempotent by natural id: the same content again is a no-op, changed content makes
/// the record Pending again. Every caller's records join the next group commit of <see cref="IntakeWriter"/>;
/// the returned task completes only after that commit, so callers acknowledge only what is stored.
/// </summary>
public sealed class Intake(IntakeWriter writer, EngineMetrics metrics)
{
    public Task<IReadOnlyList<IntakeResult>> AcceptAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, CancellationToken cancellationToken) =>
        AcceptPageAsync(bridge, records, null, cancellationToken);

    /// <summary>Stores a polled page and moves the bridge's source cursor to <paramref name="cursor"/> in the same transaction.</summary>
    public async Task<IReadOnlyList<IntakeResult>> AcceptPageAsync(Bridge bridge, IReadOnlyList<InboundRecord> records, string? cursor, CancellationToken cancellationToken)
    {
        using var span = EngineMetrics.StartIntake(bridge, records.Count);
        var results = await writer.SubmitAsync(bridge, records, cursor, cancellationToken);
        metrics.Received(bridge, results);
        return results;
    }

    public static string Hash(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
}

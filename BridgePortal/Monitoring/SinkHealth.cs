using BridgePortal.Data;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Monitoring;

/// <summary>
/// A bridge's sink in words, for every sink kind: when it last took a record, the last failed try and the sink
/// connection's last test. Only the bridge's owner reads the connection's addresses (<see cref="ConnectionDetails"/>).
/// </summary>
public sealed record SinkHealth(DateTime? LastDeliveredAt, DateTime? LastErrorAt, string? LastError, DateTime? TestedAt, bool? TestSucceeded, string? TestMessage)
{
    /// <summary>The last thing that happened was a failure: a failed try, or a failed test, after the last delivery.</summary>
    public bool Failing =>
        (LastErrorAt is { } error && (LastDeliveredAt is null || error > LastDeliveredAt))
        || (TestSucceeded == false && TestedAt is { } tested && (LastDeliveredAt is null || tested > LastDeliveredAt));

    public string Summary => Failing
        ? "Failing: the last " + (LastErrorAt is { } e && (TestedAt is null || TestSucceeded != false || e >= TestedAt) ? "delivery try" : "connection test") + " failed."
        : LastDeliveredAt is null ? "No record delivered yet." : "Working: the last delivery went through.";

    public static async Task<SinkHealth> ReadAsync(BridgeDbContext db, Actor actor, Bridge bridge, CancellationToken cancellationToken)
    {
        var failed = await db.Attempts.AsNoTracking().Where(a => a.BridgeId == bridge.Id && a.Outcome != AttemptOutcome.Delivered)
            .OrderByDescending(a => a.StartedAt).Select(a => new { a.StartedAt, a.Error, a.HttpStatus }).FirstOrDefaultAsync(cancellationToken);
        var connection = bridge.SinkConnectionId is { } id
            ? await db.Connections.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new { c.LastTestedAt, c.LastTestSucceeded, c.LastTestMessage, c.SettingsJson }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var owner = bridge.OwnerId == actor.Id;
        string? Shown(string? text) => text is null || owner ? text : ConnectionDetails.Redact(text, connection?.SettingsJson);
        return new SinkHealth(
            bridge.LastSyncAt,
            failed?.StartedAt,
            Shown(failed?.Error ?? (failed?.HttpStatus is { } status ? $"The sink answered HTTP {status}." : null)),
            connection?.LastTestedAt,
            connection?.LastTestSucceeded,
            Shown(connection?.LastTestMessage));
    }
}

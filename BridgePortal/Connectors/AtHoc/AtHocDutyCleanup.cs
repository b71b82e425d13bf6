using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BridgePortal.Data;
using BridgePortal.Engine;
using BridgePortal.Data.Model;
using Microsoft.EntityFrameworkCore;
using BridgePortal.Identity;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Bridges;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// The auto clean-up of one bridge: users whose latest confirmed AtHoc write put them on duty, with an on-duty
/// timestamp more than the configured hours ago (read in the server's time zone, like the files' timestamps) and
/// not cleared yet, get a clear record through <see cref="Intake"/> (module <see cref="Module"/>, natural id
/// <c>cleanup:{username}:{on-duty timestamp}#{write number}</c>). The dispatcher delivers it like any record
/// (retries, failed page); the sink empties only the on-duty field. Running again queues nothing new: the same
/// write gives the same record, unchanged.
/// </summary>
public sealed class AtHocDutyCleanup(BridgeDbContext db, Intake intake, AuditLog audit, BridgeService bridges, TimeProvider clock, ILogger<AtHocDutyCleanup> logger)
{
    public const string Module = "athoc-cleanup";

    private const int MaxPerRun = 5000;

    /// <summary>Queues the due clears of <paramref name="bridge"/>; returns how many users were newly queued.</summary>
    public async Task<int> RunAsync(Bridge bridge, int hours, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone).DateTime.AddHours(-hours);
        var due = await db.Set<AtHocDutyState>()
            .Where(s => s.BridgeId == bridge.Id && s.OnDuty && s.ClearedAt == null && s.DutyTimestamp < cutoff)
            .OrderBy(s => s.DutyTimestamp).ThenBy(s => s.Id).Take(MaxPerRun).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.ToDictionary(s => s.Id, NaturalId);
        var records = due.Select(s => new InboundRecord(ids[s.Id], JsonSerializer.Serialize(
            new DutyChange(s.EmployeeId ?? "", s.Username, false, Wall(s.DutyTimestamp), null, null, Clear: true, Write: s.Writes), AtHocSink.Json), Module)).ToList();
        await intake.AcceptAsync(bridge, records, cancellationToken);

        // A clear AtHoc confirmed whose duty state was not recorded (a crash in between) is recorded now. A clear
        // this run queued may already be delivered too (the engine is quick): it still counts as queued by this run.
        var names = ids.Values.ToList();
        var delivered = await db.Records.AsNoTracking()
            .Where(r => r.BridgeId == bridge.Id && r.Status == RecordStatus.Delivered && names.Contains(r.NaturalId))
            .ToDictionaryAsync(r => r.NaturalId, r => r.DeliveredAt, StringComparer.Ordinal, cancellationToken);
        var queued = new List<AtHocDutyState>();
        foreach (var state in due)
        {
            if (state.ClearQueuedAt is null)
            {
                state.ClearQueuedAt = now.UtcDateTime;
                queued.Add(state);
            }

            if (delivered.TryGetValue(ids[state.Id], out var at))
            {
                state.ClearedAt = at ?? now.UtcDateTime;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (queued.Count > 0)
        {
            var who = string.Join(", ", queued.Select(s => $"{s.Username} (on duty since {Wall(s.DutyTimestamp).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)})"));
            logger.LogInformation("Auto clean-up of bridge {BridgeId} (after {Hours} h) queued {Count} clear(s): {Users}", bridge.Id, hours, queued.Count, who);
            await audit.WriteAsync(null, "athoc.cleanup", "Bridge", bridge.Id.ToString(), bridge.Id,
                $"Auto clean-up after {hours} h: clearing the on-duty status of {queued.Count} user(s): {who}", cancellationToken);
        }

        return queued.Count;
    }

    /// <summary>The setting and the latest run's users (queued, cleared) and failed clears, for the bridge page.</summary>
    public async Task<AtHocCleanupSummary> SummaryAsync(Actor actor, Guid bridgeId, CancellationToken cancellationToken)
    {
        var bridge = await bridges.GetAsync(actor, bridgeId, cancellationToken);
        var (hours, error) = AtHocSettings.Cleanup(SettingsJson.Read(bridge.SinkSettingsJson));
        var states = db.Set<AtHocDutyState>().AsNoTracking().Where(s => s.BridgeId == bridgeId);
        var last = await states.MaxAsync(s => s.ClearQueuedAt, cancellationToken);
        var run = last is null ? [] : await states.Where(s => s.ClearQueuedAt == last).Select(s => new { s.Username, s.ClearedAt }).ToListAsync(cancellationToken);
        var failed = await db.Records.CountAsync(r => r.BridgeId == bridgeId && r.Module == Module && (r.Status == RecordStatus.Failed || r.Status == RecordStatus.DeadLettered), cancellationToken);
        var cleared = run.Where(r => r.ClearedAt is not null).ToList();
        return new AtHocCleanupSummary(hours, error, last, run.Count, cleared.Count, cleared.Max(r => r.ClearedAt),
            [.. run.OrderBy(r => r.ClearedAt is null).ThenBy(r => r.Username, StringComparer.Ordinal).Select(r => r.Username)], failed);
    }

    /// <summary><c>cleanup:{username}:{on-duty timestamp}#{write}</c> (a hash stands in for a username too long for a natural id).</summary>
    public static string NaturalId(AtHocDutyState state)
    {
        var user = state.Username.Length <= 300 ? state.Username : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state.Username)));
        return $"cleanup:{user}:{Wall(state.DutyTimestamp).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)}#{state.Writes}";
    }

    private static DateTime Wall(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Unspecified);
}

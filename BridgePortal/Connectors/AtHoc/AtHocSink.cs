using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Sets the duty-status field of AtHoc users through <c>SyncByCommonNames</c>, in chunks of the configured size.
/// Each record's payload is a <see cref="DutyChange"/>: on duty sets the on-duty field to the timestamp (and clears
/// the off-duty field, if one is configured); off duty clears it (and sets the off-duty field). Requests are built
/// only by <see cref="DutyUpdateBuilder"/>, so nothing else is ever sent. Per-user answers become record outcomes.
/// Every confirmed write is recorded by <see cref="AtHocDutyTracker"/>; a clean-up clear (see
/// <see cref="AtHocDutyCleanup"/>) sends only the username key and the emptied on-duty field, and only while the write
/// it clears is still the user's latest.
/// </summary>
public sealed class AtHocSink(AtHocClient athoc, AtHocDutyTracker tracker, ILogger<AtHocSink> logger) : ISink
{
    public const string SinkKind = "AtHoc";
    public const string OnDutyField = "OnDutyField";
    public const string OffDutyField = "OffDutyField";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => SinkKind;


    public string DisplayName => "AtHoc (duty status of users)";

    public ConnectionKind? ConnectionKind => AtHocConnectionKind.Kind;

    public IReadOnlyList<SettingField> SettingsFields { get; } =
    [
        new(AtHocSettings.ChunkSize, "Users per request", Help: $"Default {AtHocSettings.DefaultChunkSize}"),
        new(OnDutyField, "On-duty field", Help: "Set to the timestamp when a worker goes on duty, cleared when off (default: the connection's first duty field)"),
        new(OffDutyField, "Off-duty field (optional)", Help: "Set to the timestamp when a worker goes off duty; must be one of the connection's duty fields"),
        new(AtHocSettings.TimestampFormat, "Timestamp format", Help: $"How date-times are written to AtHoc (default {AtHocSettings.DefaultTimestampFormat})"),
        new(AtHocSettings.CleanupHours, "Clear on-duty status after (hours)",
            Help: "Auto clean-up: empty the on-duty field of users still on duty this many hours after their on-duty timestamp (server time zone) with no later update; 0 or empty = off (default)"),
    ];

    public IReadOnlyDictionary<string, string> ValidateSettings(IReadOnlyDictionary<string, string> settings) =>
        AtHocSettings.Cleanup(settings).Error is { } error
            ? new Dictionary<string, string> { [AtHocSettings.CleanupHours] = $"Clear on-duty status after: {error}." }
            : new Dictionary<string, string>();

    public SinkLimits GetLimits(SinkContext context) => new(AtHocSettings.Chunk(context.Settings) * 5, 4L * 1024 * 1024);

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection is not { } connection)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge has no AtHoc connection."))];
        }

        var settings = context.Settings;
        DutyUpdateBuilder builder;
        try
        {
            builder = new DutyUpdateBuilder(AtHocSettings.UsernameKey(connection), AtHocSettings.Duty(connection));
        }
        catch (AtHocException e)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, e.Message))];
        }

        var onField = settings.GetValueOrDefault(OnDutyField) is { Length: > 0 } on ? on : AtHocSettings.Duty(connection)[0];
        var offField = settings.GetValueOrDefault(OffDutyField) is { Length: > 0 } off ? off : null;
        var format = AtHocSettings.Format(settings);
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var writes = new List<Update>();
        var clears = new List<(OutboundRecord Record, DutyChange Change)>();
        foreach (var record in batch)
        {
            try
            {
                var change = JsonSerializer.Deserialize<DutyChange>(record.Payload, Json) ?? throw new JsonException("empty payload");
                if (change.Username is not { Length: > 0 } username)
                {
                    outcomes.Add(DeliveryOutcome.Permanent(record.RecordId, $"Employee {change.EmployeeId} has no AtHoc username."));
                    continue;
                }

                if (change.Clear)
                {
                    clears.Add((record, change));
                    continue;
                }

                var stamp = change.Timestamp.ToString(format, CultureInfo.InvariantCulture);
                var values = new Dictionary<string, string> { [onField] = change.OnDuty ? stamp : "" };
                if (offField is not null)
                {
                    values[offField] = change.OnDuty ? "" : stamp;
                }

                writes.Add(new(record, username, builder.Build(username, values), change));
            }
            catch (Exception e) when (e is JsonException or AtHocException or FormatException or NotSupportedException)
            {
                outcomes.Add(DeliveryOutcome.Permanent(record.RecordId, "Not a duty-status change this sink can send: " + e.Message));
            }
        }

        // Clean-up clears go first, so a newer duty write of the same user in this batch lands after them.
        var toClear = new List<Update>();
        HashSet<long>? current = null;
        try
        {
            current = await tracker.CurrentAsync(context.Bridge.Id, [.. clears.Select(c => (c.Record.RecordId, c.Change))], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcomes.AddRange(clears.Select(c => DeliveryOutcome.Transient(c.Record.RecordId, "The duty state could not be read: " + e.Message)));
        }

        foreach (var (record, change) in current is null ? [] : clears)
        {
            if (!current!.Contains(record.RecordId))
            {
                logger.LogInformation("Auto clean-up of {User} on bridge {BridgeId}: nothing to clear (a later duty update or clear was confirmed)", change.Username, context.Bridge.Id);
                outcomes.Add(DeliveryOutcome.Delivered(record.RecordId));
                continue;
            }

            try
            {
                toClear.Add(new(record, change.Username!, builder.Build(change.Username!, new Dictionary<string, string> { [onField] = "" }), change));
            }
            catch (AtHocException e)
            {
                outcomes.Add(DeliveryOutcome.Permanent(record.RecordId, "Not a duty-status change this sink can send: " + e.Message));
            }
        }

        var size = AtHocSettings.Chunk(settings);
        var results = new Dictionary<long, DeliveryOutcome>();
        foreach (var chunk in toClear.Chunk(size).Concat(writes.Chunk(size)))
        {
            foreach (var outcome in await SendAsync(connection, [.. chunk.Select(u => (u.Record, u.Username, u.User))], cancellationToken))
            {
                results[outcome.RecordId] = outcome;
            }
        }

        outcomes.AddRange(await TrackAsync(context.Bridge.Id, [.. toClear, .. writes], results, cancellationToken));
        return outcomes;
    }

    private sealed record Update(OutboundRecord Record, string Username, JsonObject User, DutyChange Change);

    /// <summary>Records what AtHoc confirmed; if that fails, the confirmed updates become transient failures and are sent again.</summary>
    private async Task<IEnumerable<DeliveryOutcome>> TrackAsync(Guid bridgeId, List<Update> sent, Dictionary<long, DeliveryOutcome> results, CancellationToken cancellationToken)
    {
        var confirmed = sent.Where(u => results[u.Record.RecordId].Outcome == AttemptOutcome.Delivered).ToList();
        try
        {
            await tracker.ConfirmAsync(bridgeId, [.. confirmed.Select(u => u.Change)], cancellationToken);
            foreach (var clear in confirmed.Where(u => u.Change.Clear))
            {
                logger.LogInformation("Auto clean-up cleared the duty status of {User} (on duty since {Since}) on bridge {BridgeId}", clear.Username, clear.Change.Timestamp, bridgeId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "AtHoc confirmed {Count} update(s) of bridge {BridgeId}, but the duty state could not be recorded", confirmed.Count, bridgeId);
            foreach (var u in confirmed)
            {
                results[u.Record.RecordId] = DeliveryOutcome.Transient(u.Record.RecordId, "AtHoc confirmed the update, but its duty state could not be recorded (it is sent again): " + e.Message, 200);
            }
        }

        return results.Values;
    }

    private async Task<IEnumerable<DeliveryOutcome>> SendAsync(
        ConnectionData connection, (OutboundRecord Record, string Username, JsonObject User)[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            var (api, _, org) = athoc.Create(connection);
            var body = new JsonArray([.. chunk.Select(c => (JsonNode)c.User)]);
            var response = await api.SyncByCommonNamesAsync(org, body, await athoc.AuthorizationAsync(api, connection, cancellationToken), cancellationToken);
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized)
            {
                athoc.Forget(connection); // an expired or revoked token: the retry signs in again
            }

            if (!response.IsSuccessStatusCode)
            {
                var code = (int?)response.StatusCode;
                var message = AtHocClient.Describe("The AtHoc user sync", response, connection);
                logger.LogWarning("AtHoc user sync of {Count} user(s) failed: {Status}", chunk.Length, code);
                var transient = code is null or 401 or 408 or 429 or >= 500;
                return chunk.Select(c => transient ? DeliveryOutcome.Transient(c.Record.RecordId, message, code) : DeliveryOutcome.Permanent(c.Record.RecordId, message, code));
            }

            var results = AtHocSyncResults.PerUser(response.Content, AtHocSettings.UsernameKey(connection));
            return chunk.Select(c => results is null || !results.TryGetValue(c.Username, out var result)
                ? results is null
                    ? DeliveryOutcome.Delivered(c.Record.RecordId, 200)
                    : DeliveryOutcome.Transient(c.Record.RecordId, $"AtHoc's answer did not mention user {c.Username}.", 200)
                : result.Error is null
                    ? DeliveryOutcome.Delivered(c.Record.RecordId, 200)
                    : DeliveryOutcome.Permanent(c.Record.RecordId, $"AtHoc refused user {c.Username}: {result.Error}", 200));
        }
        catch (AtHocException e)
        {
            return chunk.Select(c => e.Transient ? DeliveryOutcome.Transient(c.Record.RecordId, e.Message) : DeliveryOutcome.Permanent(c.Record.RecordId, e.Message));
        }
    }
}

using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// Upserts webhook documents (the common schema) into a table per document type of a PostgreSQL connection,
/// idempotent by natural id (the same document again changes nothing; a changed one is an update), creating
/// missing tables when the bridge says so. A batch is one transaction with one multi-row upsert per table; if
/// PostgreSQL refuses it, the records go one by one, so that each gets its own outcome. Two separate steps per
/// record: the upsert here, then the notification queued as its own record (<see cref="DocumentNotifications"/>).
/// If queuing fails, the record is retried and the repeated upsert is a no-op.
/// </summary>
public sealed class PostgreSqlDocumentSink(DocumentNotifications notifications, TimeProvider clock, ILogger<PostgreSqlDocumentSink> logger) : ISink
{
    public const string SinkKind = "PostgreSqlDocuments";
    private readonly ConcurrentDictionary<(string Database, string Table), bool> created = new();

    public string Kind => SinkKind;


    public string DisplayName => "PostgreSQL (webhook document tables)";

    public Data.Model.ConnectionKind? ConnectionKind => PostgreSqlConnectionKind.Kind;

    public IReadOnlyList<SettingField> SettingsFields => DocumentSinkSettings.Fields;

    public SinkLimits GetLimits(SinkContext context) => new(200, 8 * 1024 * 1024);

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection?.Secret(PostgreSqlConnectionKind.ConnectionString) is not { } connectionString)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's PostgreSQL connection has no connection string."))];
        }

        var settings = context.Settings;
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var parsed = new List<Parsed>(batch.Count);
        foreach (var record in batch)
        {
            var document = WebhookDocument.Parse(record.Payload);
            var (table, tableError) = document is null ? (null, null) : DocumentSinkSettings.TableFor(settings, document.Type);
            if (document is null)
            {
                outcomes.Add(DeliveryOutcome.Permanent(record.RecordId, "The payload is not a webhook document (no type and id): see docs/webhook-documents.md."));
            }
            else if (table is null)
            {
                outcomes.Add(DeliveryOutcome.Permanent(record.RecordId, tableError!));
            }
            else
            {
                parsed.Add(new(record, document, table));
            }
        }

        var stored = new List<(OutboundRecord Record, WebhookDocument.Envelope Document)>();
        if (parsed.Count == 0)
        {
            return outcomes;
        }

        var (connection, unopened) = await PostgreSqlSinkConnection.OpenAsync(connectionString, cancellationToken);
        if (connection is null)
        {
            outcomes.AddRange(parsed.Select(p => unopened!(p.Record.RecordId)));
            return outcomes;
        }

        await using (connection)
        {
            var create = DocumentSinkSettings.Create(settings);
            var failure = await TryUpsertAllAsync(connection, create, parsed, cancellationToken);
            if (failure is null)
            {
                stored.AddRange(parsed.Select(p => (p.Record, p.Document)));
            }
            else if (failure.Value.Error is PostgresException refused && !IsTransient(refused))
            {
                // One record PostgreSQL refuses (or a table it cannot create) must not fail the others: one by one, for precise outcomes.
                foreach (var one in parsed)
                {
                    if (await UpsertOneAsync(connection, create, one, cancellationToken) is { } failed)
                    {
                        outcomes.Add(failed);
                    }
                    else
                    {
                        stored.Add((one.Record, one.Document));
                    }
                }
            }
            else
            {
                var message = failure.Value.Error is PostgresException pg ? Refusal(failure.Value.Table, pg) : "PostgreSQL failed: " + failure.Value.Error.Message;
                outcomes.AddRange(parsed.Select(p => DeliveryOutcome.Transient(p.Record.RecordId, message)));
            }
        }

        if (stored.Count > 0 && settings.GetValueOrDefault(DocumentSinkSettings.NotifyBridge) is { Length: > 0 } notifyKey)
        {
            string? error;
            try
            {
                error = await notifications.QueueAsync(context.Bridge, notifyKey.Trim(), [.. stored.Select(s => s.Document)], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Queuing notifications of bridge {BridgeId} failed", context.Bridge.Id);
                error = $"The documents are stored, but queuing their notifications failed: {e.Message}";
            }

            if (error is not null)
            {
                outcomes.AddRange(stored.Select(s => DeliveryOutcome.Transient(s.Record.RecordId, "Stored; notification not queued: " + error)));
                return outcomes;
            }
        }

        outcomes.AddRange(stored.Select(s => DeliveryOutcome.Delivered(s.Record.RecordId)));
        return outcomes;
    }

    /// <summary>
    /// All documents in one transaction: per table one multi-row upsert (a natural id that repeats within the batch
    /// goes into a later statement, so the later document wins). Null when all are stored, else the table and error.
    /// </summary>
    private async Task<(string Table, Exception Error)?> TryUpsertAllAsync(NpgsqlConnection connection, bool create, List<Parsed> parsed, CancellationToken cancellationToken)
    {
        var table = parsed[0].Table;
        var createdNow = new List<string>();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var group in parsed.GroupBy(p => p.Table))
            {
                table = group.Key;
                if (create && !created.ContainsKey((connection.ConnectionString, table)))
                {
                    await using var ddl = new NpgsqlCommand(DocumentTable.Create(table), connection, transaction);
                    await ddl.ExecuteNonQueryAsync(cancellationToken);
                    createdNow.Add(table);
                }

                foreach (var rows in Waves(group))
                {
                    await using var upsert = new NpgsqlCommand(DocumentTable.UpsertMany(table), connection, transaction);
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Id));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Source));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Event));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Prj));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.QualityModel));
                    upsert.Parameters.Add(new() { Value = rows.Select(p => OccurredAt(p.Document.OccurredAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Actor));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Title));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Status));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Url));
                    upsert.Parameters.Add(Texts(rows, p => p.Document.Container));
                    upsert.Parameters.Add(new() { Value = rows.Select(p => p.Document.Normalised).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
                    upsert.Parameters.Add(Texts(rows, p => p.Record.Payload));
                    upsert.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            foreach (var t in createdNow)
            {
                created[(connection.ConnectionString, t)] = true;
            }

            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return (table, e);
        }
    }

    // Rows of one table split so that no statement holds a natural id twice (ON CONFLICT cannot touch a row twice), in batch order.
    private static IEnumerable<List<Parsed>> Waves(IEnumerable<Parsed> rows)
    {
        var waves = new List<List<Parsed>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var wave = seen[row.Document.Id] = seen.GetValueOrDefault(row.Document.Id) + 1;
            if (waves.Count < wave)
            {
                waves.Add([]);
            }

            waves[wave - 1].Add(row);
        }

        return waves;
    }

    private async Task<DeliveryOutcome?> UpsertOneAsync(NpgsqlConnection connection, bool create, Parsed parsed, CancellationToken cancellationToken)
    {
        var (record, document, table) = parsed;
        try
        {
            if (create && !created.ContainsKey((connection.ConnectionString, table)))
            {
                await using var ddl = new NpgsqlCommand(DocumentTable.Create(table), connection);
                await ddl.ExecuteNonQueryAsync(cancellationToken);
                created[(connection.ConnectionString, table)] = true;
            }

            await using var upsert = new NpgsqlCommand(DocumentTable.Upsert(table), connection);
            upsert.Parameters.Add(new() { Value = document.Id });
            upsert.Parameters.Add(new() { Value = document.Source });
            upsert.Parameters.Add(new() { Value = document.Event });
            upsert.Parameters.Add(new() { Value = document.Prj });
            upsert.Parameters.Add(Text(document.QualityModel));
            upsert.Parameters.Add(new() { Value = (object?)OccurredAt(document.OccurredAt) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            upsert.Parameters.Add(Text(document.Actor));
            upsert.Parameters.Add(Text(document.Title));
            upsert.Parameters.Add(Text(document.Status));
            upsert.Parameters.Add(Text(document.Url));
            upsert.Parameters.Add(Text(document.Container));
            upsert.Parameters.Add(new() { Value = document.Normalised });
            upsert.Parameters.Add(new() { Value = record.Payload });
            upsert.Parameters.Add(new() { Value = clock.GetUtcNow().UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException e)
        {
            var message = Refusal(table, e);
            return IsTransient(e) ? DeliveryOutcome.Transient(record.RecordId, message) : DeliveryOutcome.Permanent(record.RecordId, message);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return DeliveryOutcome.Transient(record.RecordId, "PostgreSQL failed: " + e.Message);
        }
    }

    private static bool IsTransient(PostgresException e) =>
        e.IsTransient || e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("40", StringComparison.Ordinal);

    private static string Refusal(string table, PostgresException e) =>
        e.SqlState == PostgresErrorCodes.UndefinedTable
            ? $"Table {table} does not exist: create it, or set 'Create missing tables' to true on the bridge."
            : $"PostgreSQL refused the upsert into {table}: {e.MessageText} ({e.SqlState})";

    private static NpgsqlParameter Texts(List<Parsed> rows, Func<Parsed, string?> value) =>
        new() { Value = rows.Select(value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static DateTime? OccurredAt(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime
            : null;

    private sealed record Parsed(OutboundRecord Record, WebhookDocument.Envelope Document, string Table);
}

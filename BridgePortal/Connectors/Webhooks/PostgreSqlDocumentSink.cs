using System.Collections.Concurrent;
using BridgePortal.Connectors.PostgreSql;
using BridgePortal.Engine;
using Npgsql;
using NpgsqlTypes;

namespace BridgePortal.Connectors.Webhooks;

/// <summary>
/// Upserts webhook documents (the common schema) into a table per document type of a PostgreSQL connection,
/// idempotent by natural id (the same document again changes nothing; a changed one is an update), creating
/// missing tables when the bridge says so. Two separate steps per record: the upsert here, then the
/// notification queued as its own record (<see cref="DocumentNotifications"/>). If queuing fails, the record is
/// retried and the repeated upsert is a no-op.
/// </summary>
public sealed class PostgreSqlDocumentSink(DocumentNotifications notifications, TimeProvider clock, ILogger<PostgreSqlDocumentSink> logger) : ISink
{
    public const string SinkKind = "PostgreSqlDocuments";
    private readonly ConcurrentDictionary<(string Database, string Table), bool> created = new();

    public string Kind => SinkKind;

    public Engine.Model.ConnectionKind? ConnectionKind => Engine.Model.ConnectionKind.PostgreSql;

    public IReadOnlyList<SettingField> SettingsFields => DocumentSinkSettings.Fields;

    public SinkLimits GetLimits(SinkContext context) => new(200, 8 * 1024 * 1024);

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection?.Secret(PostgreSqlConnectionKind.ConnectionString) is not { } connectionString)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's PostgreSQL connection has no connection string."))];
        }

        var settings = SettingsJson.Read(context.Bridge.SinkSettingsJson);
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var stored = new List<(OutboundRecord Record, WebhookDocument.Envelope Document)>();
        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ArgumentException)
        {
            var message = e is PostgresException pg ? $"PostgreSQL refused the connection: {pg.MessageText} ({pg.SqlState})" : "PostgreSQL is unreachable: " + e.Message;
            return [.. batch.Select(r => e is ArgumentException ? DeliveryOutcome.Permanent(r.RecordId, message) : DeliveryOutcome.Transient(r.RecordId, message))];
        }

        await using (connection)
        {
            foreach (var record in batch)
            {
                var outcome = await UpsertAsync(connection, settings, record, cancellationToken);
                if (outcome.Outcome is { } failed)
                {
                    outcomes.Add(failed);
                }
                else
                {
                    stored.Add((record, outcome.Document!));
                }
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

    private async Task<(DeliveryOutcome? Outcome, WebhookDocument.Envelope? Document)> UpsertAsync(
        NpgsqlConnection connection, IReadOnlyDictionary<string, string> settings, OutboundRecord record, CancellationToken cancellationToken)
    {
        if (WebhookDocument.Parse(record.Payload) is not { } document)
        {
            return (DeliveryOutcome.Permanent(record.RecordId, "The payload is not a webhook document (no type and id): see docs/webhook-documents.md."), null);
        }

        var (table, tableError) = DocumentSinkSettings.TableFor(settings, document.Type);
        if (table is null)
        {
            return (DeliveryOutcome.Permanent(record.RecordId, tableError!), null);
        }

        try
        {
            if (DocumentSinkSettings.Create(settings) && !created.ContainsKey((connection.ConnectionString, table)))
            {
                await using var create = new NpgsqlCommand(DocumentTable.Create(table), connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                created[(connection.ConnectionString, table)] = true;
            }

            await using var upsert = new NpgsqlCommand(DocumentTable.Upsert(table), connection);
            upsert.Parameters.Add(new() { Value = document.Id });
            upsert.Parameters.Add(new() { Value = document.Source });
            upsert.Parameters.Add(new() { Value = document.Event });
            upsert.Parameters.Add(new() { Value = document.Prj });
            upsert.Parameters.Add(Text(document.QualityModel));
            upsert.Parameters.Add(new() { Value = OccurredAt(document.OccurredAt), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            upsert.Parameters.Add(Text(document.Actor));
            upsert.Parameters.Add(Text(document.Title));
            upsert.Parameters.Add(Text(document.Status));
            upsert.Parameters.Add(Text(document.Url));
            upsert.Parameters.Add(Text(document.Container));
            upsert.Parameters.Add(new() { Value = document.Normalised });
            upsert.Parameters.Add(new() { Value = record.Payload });
            upsert.Parameters.Add(new() { Value = clock.GetUtcNow().UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            return (null, document);
        }
        catch (PostgresException e)
        {
            var message = e.SqlState == PostgresErrorCodes.UndefinedTable
                ? $"Table {table} does not exist: create it, or set 'Create missing tables' to true on the bridge."
                : $"PostgreSQL refused the upsert into {table}: {e.MessageText} ({e.SqlState})";
            var transient = e.IsTransient || e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("40", StringComparison.Ordinal);
            return (transient ? DeliveryOutcome.Transient(record.RecordId, message) : DeliveryOutcome.Permanent(record.RecordId, message), null);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return (DeliveryOutcome.Transient(record.RecordId, "PostgreSQL failed: " + e.Message), null);
        }
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static object OccurredAt(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime
            : DBNull.Value;
}

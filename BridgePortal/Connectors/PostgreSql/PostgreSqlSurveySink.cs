using System.Collections.Concurrent;
using BridgePortal.Connectors.CommCare;
using Npgsql;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// CommCare survey forms into PostgreSQL analytics tables (docs/commcare-surveys.md): wet-mill registrations
/// upserted into <c>wetmills</c> by case id, wet-mill visits into <c>form_visits</c>, <c>survey_responses</c> and
/// one typed <c>survey_question_responses</c> row per answered question, idempotent by submission id. A batch is
/// written in one transaction; if PostgreSQL refuses it, each form is written alone so that only the bad one
/// fails. Forms of any other type fail as "Unrouted" and stay listed (never dropped).
/// </summary>
public sealed class PostgreSqlSurveySink(TimeProvider clock, ILogger<PostgreSqlSurveySink> logger) : ISink
{
    public const string SinkKind = "PostgreSqlSurveys";
    private readonly ConcurrentDictionary<(string Database, string Schema), bool> created = new();

    public string Kind => SinkKind;


    public string DisplayName => "PostgreSQL (CommCare survey tables)";

    public Data.Model.ConnectionKind? ConnectionKind => PostgreSqlConnectionKind.Kind;

    public IReadOnlyList<SettingField> SettingsFields => SurveySinkSettings.Fields;

    public SinkLimits GetLimits(SinkContext context) => new(500, 16 * 1024 * 1024);

    /// <summary>The outcome of a form whose type is mapped to no table set (the same wording as the other form sinks).</summary>
    public static string Unrouted(string formType) => $"Unrouted: no mapping for form type '{formType}'";

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection?.Secret(PostgreSqlConnectionKind.ConnectionString) is not { } connectionString)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's PostgreSQL connection has no connection string."))];
        }

        var (settings, settingsError) = SurveySinkSettings.Read(context.Settings);
        if (settings is null)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, settingsError!))];
        }

        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var forms = new List<SurveyForm>(batch.Count);
        foreach (var record in batch)
        {
            var (form, refusal) = Read(record, settings);
            if (form is not null)
            {
                forms.Add(form);
            }
            else
            {
                outcomes.Add(refusal!);
            }
        }

        if (forms.Count == 0)
        {
            return outcomes;
        }

        var (connection, unopened) = await PostgreSqlSinkConnection.OpenAsync(connectionString, cancellationToken);
        if (connection is null)
        {
            outcomes.AddRange(forms.Select(f => unopened!(f.RecordId)));
            return outcomes;
        }

        await using (connection)
        {
            outcomes.AddRange(await WriteAsync(connection, settings, forms, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>The form's rows, or the permanent outcome saying why the record cannot be stored (it stays listed as failed).</summary>
    private static (SurveyForm? Form, DeliveryOutcome? Refusal) Read(OutboundRecord record, SurveySinkSettings settings)
    {
        CommCareForm form;
        try
        {
            form = CommCareForm.Parse(record.Payload);
        }
        catch (FormatException e)
        {
            return (null, DeliveryOutcome.Permanent(record.RecordId, "Not a CommCare form: " + e.Message));
        }

        try
        {
            return settings.Route(form) switch
            {
                SurveyFormKind.WetMillRegistration => (new SurveyForm(record.RecordId, SurveyRows.WetMill(form, settings), null), null),
                SurveyFormKind.WetMillVisit => (new SurveyForm(record.RecordId, null, SurveyRows.Visit(form, settings)), null),
                _ => (null, DeliveryOutcome.Permanent(record.RecordId, Unrouted(form.FormType))),
            };
        }
        catch (FormatException e)
        {
            return (null, DeliveryOutcome.Permanent(record.RecordId, e.Message));
        }
    }

    private async Task<IEnumerable<DeliveryOutcome>> WriteAsync(NpgsqlConnection connection, SurveySinkSettings settings, List<SurveyForm> forms, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureTablesAsync(connection, settings, cancellationToken);
            await SurveyWriter.WriteAsync(connection, settings, [.. forms.Select(f => f.WetMill).OfType<WetMillRow>()], [.. forms.Select(f => f.Visit).OfType<VisitRow>()],
                clock.GetUtcNow().UtcDateTime, cancellationToken);
            return forms.Select(f => DeliveryOutcome.Delivered(f.RecordId));
        }
        catch (PostgresException e) when (!IsTransient(e) && forms.Count > 1)
        {
            // One form spoils the set-based statements: write each alone, so that only the bad one fails.
            logger.LogInformation("PostgreSQL refused a batch of {Count} survey forms ({SqlState}); writing them one by one", forms.Count, e.SqlState);
            var outcomes = new List<DeliveryOutcome>(forms.Count);
            foreach (var form in forms)
            {
                outcomes.AddRange(await WriteAsync(connection, settings, [form], cancellationToken));
            }

            return outcomes;
        }
        catch (PostgresException e)
        {
            var message = Describe(e, settings, forms.Count == 1 ? forms[0] : null);
            return forms.Select(f => IsTransient(e) ? DeliveryOutcome.Transient(f.RecordId, message) : DeliveryOutcome.Permanent(f.RecordId, message));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return forms.Select(f => DeliveryOutcome.Transient(f.RecordId, "PostgreSQL failed: " + e.Message));
        }
    }

    private async Task EnsureTablesAsync(NpgsqlConnection connection, SurveySinkSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.CreateTables || created.ContainsKey((connection.ConnectionString, settings.Schema)))
        {
            return;
        }

        // Two workers creating the same tables at once would collide in the catalog: serialise on an advisory lock.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('bridgeportal:commcare-surveys:' || $1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = settings.Schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(SurveyTables.Create(settings), connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        created[(connection.ConnectionString, settings.Schema)] = true;
    }

    private static bool IsTransient(PostgresException e) =>
        e.IsTransient || e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("40", StringComparison.Ordinal)
        || e.SqlState.StartsWith("53", StringComparison.Ordinal) || e.SqlState.StartsWith("57P", StringComparison.Ordinal);

    private static string Describe(PostgresException e, SurveySinkSettings settings, SurveyForm? form)
    {
        if (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return $"A survey table in schema '{settings.Schema}' is missing ({e.MessageText}): create the tables (docs/commcare-surveys.md), or set 'Create missing tables' to true on the bridge.";
        }

        var what = form is null ? "the batch" : $"form '{form.FormId}'";
        return $"PostgreSQL refused {what}: {e.MessageText} ({e.SqlState})";
    }

    private sealed record SurveyForm(long RecordId, WetMillRow? WetMill, VisitRow? Visit)
    {
        public string FormId => WetMill?.FormId ?? Visit!.FormId;
    }
}

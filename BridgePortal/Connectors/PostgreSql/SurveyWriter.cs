using Npgsql;
using NpgsqlTypes;

namespace BridgePortal.Connectors.PostgreSql;

/// <summary>
/// Writes the rows of a set of forms in one transaction with set-based statements: wet mills upserted by case id;
/// visits upserted by form id, and for the new or changed ones only, their survey response upserted and their
/// question rows replaced. An identical re-forward touches nothing but the visit lookup.
/// </summary>
public static class SurveyWriter
{
    public static async Task WriteAsync(
        NpgsqlConnection connection, SurveySinkSettings settings, IReadOnlyList<WetMillRow> wetMills, IReadOnlyList<VisitRow> visits, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (wetMills.Count > 0)
        {
            await UpsertWetMillsAsync(connection, transaction, settings, Latest(wetMills), now, cancellationToken);
        }

        if (visits.Count > 0)
        {
            var unique = visits.GroupBy(v => v.FormId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            var changed = await UpsertVisitsAsync(connection, transaction, settings, unique, now, cancellationToken);
            if (changed.Count > 0)
            {
                await ReplaceResponsesAsync(connection, transaction, settings, [.. unique.Where(v => changed.Contains(v.FormId))], now, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Two registrations of one wet mill in a batch: the newest wins (the older would not overwrite it anyway).
    private static List<WetMillRow> Latest(IReadOnlyList<WetMillRow> rows) =>
        [.. rows.Select((r, i) => (Row: r, Index: i))
            .GroupBy(x => x.Row.CaseId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.Row.ReceivedOn ?? DateTimeOffset.MinValue).ThenBy(x => x.Index).Last().Row)];

    private static async Task UpsertWetMillsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SurveySinkSettings settings, List<WetMillRow> rows, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SurveyTables.UpsertWetMills(settings), connection, transaction);
        command.Parameters.Add(Texts(rows.Select(r => r.CaseId)));
        foreach (var column in new[] { "wetmill_name", "cooperative_name", "office_phone", "manager_name", "manager_phone", "village", "district" })
        {
            command.Parameters.Add(Texts(rows.Select(r => r.Columns.GetValueOrDefault(column))));
        }

        command.Parameters.Add(Doubles(rows.Select(r => r.Gps?.Latitude)));
        command.Parameters.Add(Doubles(rows.Select(r => r.Gps?.Longitude)));
        command.Parameters.Add(Doubles(rows.Select(r => r.Gps?.Altitude)));
        command.Parameters.Add(Doubles(rows.Select(r => r.Gps?.Accuracy)));
        command.Parameters.Add(Times(rows.Select(r => r.RegisteredAt)));
        command.Parameters.Add(Texts(rows.Select(r => r.RegisteredBy)));
        command.Parameters.Add(Texts(rows.Select(r => r.FormId)));
        command.Parameters.Add(Texts(rows.Select(r => r.Xmlns)));
        command.Parameters.Add(Times(rows.Select(r => r.ReceivedOn)));
        command.Parameters.Add(Texts(rows.Select(r => r.Raw)));
        command.Parameters.Add(Now(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<HashSet<string>> UpsertVisitsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SurveySinkSettings settings, List<VisitRow> rows, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SurveyTables.UpsertVisits(settings), connection, transaction);
        command.Parameters.Add(Texts(rows.Select(r => r.FormId)));
        command.Parameters.Add(Texts(rows.Select(r => r.Xmlns)));
        command.Parameters.Add(Texts(rows.Select(r => r.FormName)));
        command.Parameters.Add(Texts(rows.Select(r => r.WetMillCaseId)));
        command.Parameters.Add(Texts(rows.Select(r => r.UserId)));
        command.Parameters.Add(Texts(rows.Select(r => r.Username)));
        command.Parameters.Add(Times(rows.Select(r => r.TimeStart)));
        command.Parameters.Add(Times(rows.Select(r => r.TimeEnd)));
        command.Parameters.Add(Times(rows.Select(r => r.ReceivedOn)));
        command.Parameters.Add(Texts(rows.Select(r => r.Raw)));
        command.Parameters.Add(Texts(rows.Select(r => r.Digest)));
        command.Parameters.Add(Now(now));
        var changed = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changed.Add(reader.GetString(0));
        }

        return changed;
    }

    private static async Task ReplaceResponsesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SurveySinkSettings settings, List<VisitRow> rows, DateTime now, CancellationToken cancellationToken)
    {
        var answers = rows.SelectMany(r => r.Answers.Select(a => (r.FormId, Answer: a))).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);

        var responses = new NpgsqlBatchCommand(SurveyTables.UpsertResponses(settings));
        responses.Parameters.Add(Texts(rows.Select(r => r.FormId)));
        responses.Parameters.Add(Texts(rows.Select(r => r.Xmlns)));
        responses.Parameters.Add(Texts(rows.Select(r => r.FormName)));
        responses.Parameters.Add(Texts(rows.Select(r => r.WetMillCaseId)));
        responses.Parameters.Add(Texts(rows.Select(r => r.UserId)));
        responses.Parameters.Add(Times(rows.Select(r => r.TimeStart)));
        responses.Parameters.Add(Times(rows.Select(r => r.TimeEnd)));
        responses.Parameters.Add(Times(rows.Select(r => r.ReceivedOn)));
        responses.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Answers.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        responses.Parameters.Add(Now(now));
        batch.BatchCommands.Add(responses);

        var delete = new NpgsqlBatchCommand(SurveyTables.DeleteQuestions(settings));
        delete.Parameters.Add(Texts(rows.Select(r => r.FormId)));
        batch.BatchCommands.Add(delete);

        if (answers.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(SurveyTables.InsertQuestions(settings));
            insert.Parameters.Add(Texts(answers.Select(a => a.FormId)));
            insert.Parameters.Add(Texts(answers.Select(a => a.Answer.Path)));
            insert.Parameters.Add(Texts(answers.Select(a => a.Answer.Question)));
            insert.Parameters.Add(new NpgsqlParameter { Value = answers.Select(a => a.Answer.Position).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            insert.Parameters.Add(Texts(answers.Select(a => a.Answer.Value.TypeName)));
            insert.Parameters.Add(Texts(answers.Select(a => a.Answer.Value.Text)));
            insert.Parameters.Add(Texts(answers.Select(a => a.Answer.Value.Number)));
            insert.Parameters.Add(new NpgsqlParameter { Value = answers.Select(a => a.Answer.Value.Boolean).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            insert.Parameters.Add(new NpgsqlParameter { Value = answers.Select(a => a.Answer.Value.Date).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
            insert.Parameters.Add(Times(answers.Select(a => a.Answer.Value.Timestamp)));
            insert.Parameters.Add(Doubles(answers.Select(a => a.Answer.Value.Gps?.Latitude)));
            insert.Parameters.Add(Doubles(answers.Select(a => a.Answer.Value.Gps?.Longitude)));
            insert.Parameters.Add(Doubles(answers.Select(a => a.Answer.Value.Gps?.Altitude)));
            insert.Parameters.Add(Doubles(answers.Select(a => a.Answer.Value.Gps?.Accuracy)));
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Doubles(IEnumerable<double?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double };

    private static NpgsqlParameter Times(IEnumerable<DateTimeOffset?> values) =>
        new() { Value = values.Select(v => v?.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };

    private static NpgsqlParameter Now(DateTime now) => new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}

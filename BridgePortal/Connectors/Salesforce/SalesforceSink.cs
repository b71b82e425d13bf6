using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Salesforce;

/// <summary>
/// Upserts forwarded CommCare forms into Salesforce by external id, through sObject Collections (≤ 200 records per
/// call, <c>allOrNone=false</c>). Each form maps to the steps of its form type's mapping; steps go out in waves,
/// grouped by (object, external id field), a step only once the steps it depends on succeeded for that form. A form
/// is Delivered when all its steps succeeded. Salesforce's per-record errors fail that form alone, permanently (with
/// Salesforce's code and message); 5xx, 429, timeouts and limit errors are transient. A form type without a mapping
/// fails permanently as "Unrouted: …" and is listed on the bridge page until a mapping is added and it is retried.
/// </summary>
public sealed class SalesforceSink(SalesforceClient salesforce, ILogger<SalesforceSink> logger) : ISink
{
    public const string SinkKind = "Salesforce";
    public const int MaxRecordsPerCall = 200;

    // Per-record status codes a later attempt may get past (row locks, limits, service hiccups).
    private static readonly HashSet<string> TransientCodes =
        ["UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "TXN_SECURITY_METERING_ERROR", "API_CURRENTLY_DISABLED"];

    public string Kind => SinkKind;


    public string DisplayName => "Salesforce (upsert records)";

    public ConnectionKind? ConnectionKind => SalesforceConnectionKind.Kind;

    public IReadOnlyList<SettingField> SettingsFields { get; } =
    [
        new(SalesforceSettings.Mappings, "Mappings (JSON)", Multiline: true,
            Help: "Per form type (xmlns or form name) the upsert steps; see docs/salesforce-mappings.md. Preview and edit them on the bridge page."),
    ];

    public SinkLimits GetLimits(SinkContext context) => new(MaxRecordsPerCall, 16L * 1024 * 1024);

    public IReadOnlyDictionary<string, string> ValidateSettings(IReadOnlyDictionary<string, string> settings) =>
        SalesforceMapping.Validate(settings.GetValueOrDefault(SalesforceSettings.Mappings)) is { } error
            ? new Dictionary<string, string> { [SalesforceSettings.Mappings] = error }
            : new Dictionary<string, string>();

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        if (context.Connection is not { } connection)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge has no Salesforce connection."))];
        }

        SalesforceMapping mapping;
        try
        {
            mapping = SalesforceMapping.Parse(context.Settings.GetValueOrDefault(SalesforceSettings.Mappings));
        }
        catch (SalesforceMappingException e)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's Salesforce mapping is invalid: " + e.Message))];
        }

        var outcomes = new Dictionary<long, DeliveryOutcome>();
        var forms = new List<FormWork>();
        foreach (var record in batch)
        {
            try
            {
                var mapped = SalesforceMapper.Map(mapping, record.Payload);
                if (mapped.Steps is null)
                {
                    outcomes[record.RecordId] = DeliveryOutcome.Permanent(record.RecordId, SalesforceMapper.UnroutedMessage(mapped.FormType));
                }
                else
                {
                    forms.Add(new FormWork(record, mapped.Steps));
                }
            }
            catch (Exception e) when (e is SalesforceMappingException or FormatException)
            {
                outcomes[record.RecordId] = DeliveryOutcome.Permanent(record.RecordId, "Mapping: " + e.Message);
            }
        }

        var version = SalesforceSettings.Version(connection);
        while (true)
        {
            // The next wave: every step, of every form still going, whose dependencies have all succeeded.
            var wave = forms.Where(f => !outcomes.ContainsKey(f.Record.RecordId))
                .SelectMany(f => f.Steps.Where(s => !f.Done.Contains(s.Name) && s.DependsOn.All(f.Done.Contains)).Select(s => (Form: f, Step: s)))
                .ToList();
            if (wave.Count == 0)
            {
                break;
            }

            foreach (var group in wave.GroupBy(w => (w.Step.Object, w.Step.ExternalIdField)))
            {
                foreach (var round in DistinctRounds(group.ToList()))
                {
                    foreach (var chunk in round.Chunk(MaxRecordsPerCall))
                    {
                        var results = await UpsertAsync(connection, version, group.Key.Object, group.Key.ExternalIdField, chunk.Select(c => c.Step).ToList(), cancellationToken);
                        for (var i = 0; i < chunk.Length; i++)
                        {
                            var (form, step) = chunk[i];
                            var id = form.Record.RecordId;
                            var result = results[i];
                            if (result.Error is null)
                            {
                                form.Done.Add(step.Name);
                            }
                            else if (!outcomes.ContainsKey(id))
                            {
                                outcomes[id] = result.Transient
                                    ? DeliveryOutcome.Transient(id, result.Error, result.Status)
                                    : DeliveryOutcome.Permanent(id, result.Error, result.Status);
                            }
                        }
                    }
                }
            }
        }

        foreach (var (record, steps, done) in forms.Select(f => (f.Record, f.Steps, f.Done)))
        {
            if (!outcomes.ContainsKey(record.RecordId))
            {
                outcomes[record.RecordId] = done.Count == steps.Count
                    ? DeliveryOutcome.Delivered(record.RecordId, 200)
                    : DeliveryOutcome.Transient(record.RecordId, "Not every step could be sent.");
            }
        }

        return [.. batch.Select(r => outcomes[r.RecordId])];
    }

    /// <summary>
    /// Splits a group so that no call names one external id twice (Salesforce refuses duplicates within a call): two
    /// farmers of one household upsert it in two successive calls, in batch order, the later content winning.
    /// </summary>
    private static List<List<(FormWork Form, MappedStep Step)>> DistinctRounds(List<(FormWork Form, MappedStep Step)> items)
    {
        var rounds = new List<List<(FormWork, MappedStep)>>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var round = seen.GetValueOrDefault(item.Step.ExternalId);
            seen[item.Step.ExternalId] = round + 1;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(item);
        }

        return rounds;
    }

    private async Task<IReadOnlyList<StepResult>> UpsertAsync(
        ConnectionData connection, string version, string sobject, string externalIdField, IReadOnlyList<MappedStep> steps, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["allOrNone"] = false,
            ["records"] = new JsonArray([.. steps.Select(s => (JsonNode)s.Record.DeepClone())]),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            using var response = await salesforce.CallAsync(connection, (api, s) => api.UpsertAsync(version, sobject, externalIdField, body, s.Authorization, timeout.Token), cancellationToken);
            var code = (int?)response.StatusCode;
            if (code is null || response.Error is ApiRequestException && !cancellationToken.IsCancellationRequested)
            {
                return All(new StepResult($"Salesforce did not answer the {sobject} upsert ({(response.Error is { } error ? ErrorSentences.Reason(error) : "no answer")}). It is tried again later.", true, null));
            }

            if (!response.IsSuccessStatusCode || response.Content is not { } results)
            {
                var content = (response.Error as ApiException)?.Content;
                var errorCode = SalesforceErrors.ErrorCode(content);
                var transient = code is null or 401 or 408 or 429 or >= 500 || (errorCode is not null && TransientCodes.Contains(errorCode));
                logger.LogWarning("Salesforce upsert of {Count} {Object} record(s) was answered {Status} {ErrorCode}", steps.Count, sobject, code, errorCode);
                return All(new StepResult($"The {sobject} upsert by {externalIdField} was answered {code}: {SalesforceErrors.ErrorText(content)}", transient, code));
            }

            if (results.Count != steps.Count)
            {
                return All(new StepResult($"Salesforce answered {results.Count} result(s) for {steps.Count} {sobject} record(s).", true, code));
            }

            return [.. results.Select((r, i) => Result(r as JsonObject, steps[i], code.Value))];
        }
        catch (SalesforceException e)
        {
            return All(new StepResult("Salesforce sign-in failed: " + e.Message, e.Transient, e.Status));
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return All(new StepResult(e is OperationCanceledException ? $"Salesforce did not answer the {sobject} upsert within 120 s." : $"Salesforce did not answer the {sobject} upsert ({ErrorSentences.Reason(e)}). It is tried again later.", true, null));
        }

        IReadOnlyList<StepResult> All(StepResult result) => [.. steps.Select(_ => result)];
    }

    private static StepResult Result(JsonObject? result, MappedStep step, int status)
    {
        if (result?["success"] is JsonValue ok && ok.TryGetValue<bool>(out var success) && success)
        {
            return new StepResult(null, false, status);
        }

        var errors = (result?["errors"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (errors.Count == 0)
        {
            return new StepResult($"{step.Object} (step '{step.Name}', {step.ExternalIdField} {step.ExternalId}): Salesforce reported no success and no error.", true, status);
        }

        var codes = errors.Select(e => (string?)e["statusCode"] ?? (string?)e["errorCode"] ?? "ERROR").ToList();
        var text = string.Join("; ", errors.Select((e, i) =>
        {
            var fields = e["fields"] is JsonArray f && f.Count > 0 ? $" [{string.Join(", ", f.Select(x => (string?)x))}]" : "";
            return $"{codes[i]}: {(string?)e["message"]}{fields}";
        }));
        return new StepResult($"{step.Object} (step '{step.Name}', {step.ExternalIdField} {step.ExternalId}): {text}", codes.All(TransientCodes.Contains), status);
    }

    private sealed record StepResult(string? Error, bool Transient, int? Status);

    /// <summary>One form on its way: its steps in dependency order and the ones that succeeded.</summary>
    private sealed record FormWork(OutboundRecord Record, IReadOnlyList<MappedStep> Steps)
    {
        public HashSet<string> Done { get; } = new(StringComparer.Ordinal);
    }
}

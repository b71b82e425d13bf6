using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BridgePortal.Data.Model;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.CommCare.Cases;

/// <summary>
/// Turns Salesforce records into CommCare cases: one XForm per record (see <see cref="CaseXForm"/>) posted to
/// <c>/a/{domain}/receiver/</c>, at most "Parallel submissions" at a time, referenced case types before the types that
/// reference them. 2xx → Delivered; 429, 5xx, timeouts and an index to a case HQ does not have yet → Transient;
/// other 4xx → Permanent with HQ's message.
/// </summary>
public sealed class CommCareCaseSink(CommCareClientFactory clients, TimeProvider clock, ILogger<CommCareCaseSink> logger) : ISink
{
    public const string SinkKind = "CommCareCases";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string Kind => SinkKind;


    public string DisplayName => "CommCare (cases)";

    public ConnectionKind? ConnectionKind => CommCareConnectionKind.Kind;

    public IReadOnlyList<SettingField> SettingsFields { get; } =
    [
        new(CaseSinkSettings.CaseMappings, "Case mappings (JSON)", Required: true, Multiline: true,
            Help: "Per Salesforce object type: caseType, caseName, ownerId/ownerField, properties, indices — see docs/salesforce-to-commcare.md"),
        new(CaseSinkSettings.ParallelSubmissions, "Parallel submissions",
            Help: $"Forms posted to CommCare at the same time (1–{CaseSinkSettings.MaxParallelSubmissions}; default {CaseSinkSettings.DefaultParallelSubmissions})"),
        new(CaseSinkSettings.UserId, "CommCare user id", Help: "Recorded as the user who changed the cases (the API user's id); optional"),
    ];

    public SinkLimits GetLimits(SinkContext context) => new(100, 4L * 1024 * 1024);

    public IReadOnlyDictionary<string, string> ValidateSettings(IReadOnlyDictionary<string, string> settings)
    {
        var errors = new Dictionary<string, string>();
        if (CaseMappings.Parse(settings.GetValueOrDefault(CaseSinkSettings.CaseMappings)).Errors is { Count: > 0 } mappingErrors)
        {
            errors[CaseSinkSettings.CaseMappings] = string.Join(" ", mappingErrors);
        }

        if (CaseSinkSettings.Parallel(settings) is null)
        {
            errors[CaseSinkSettings.ParallelSubmissions] = $"Parallel submissions is a whole number from 1 to {CaseSinkSettings.MaxParallelSubmissions}.";
        }

        return errors;
    }

    public async Task<IReadOnlyList<DeliveryOutcome>> DeliverAsync(SinkContext context, IReadOnlyList<OutboundRecord> batch, CancellationToken cancellationToken)
    {
        var domain = context.Connection?.Setting(CommCareSettings.Domain);
        if (context.Connection is null || domain is null)
        {
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, "The bridge's CommCare connection is incomplete: open it and test it."))];
        }

        var settings = context.Settings;
        var (mappings, errors) = CaseMappings.Parse(settings.GetValueOrDefault(CaseSinkSettings.CaseMappings));
        if (mappings is null)
        {
            var message = "The bridge's case mappings are invalid: " + string.Join(" ", errors);
            return [.. batch.Select(r => DeliveryOutcome.Permanent(r.RecordId, message))];
        }

        var userId = settings.GetValueOrDefault(CaseSinkSettings.UserId)?.Trim();
        var outcomes = new DeliveryOutcome?[batch.Count];
        var ready = new List<(int At, int Rank, CaseSubmission Submission)>(batch.Count);
        for (var at = 0; at < batch.Count; at++)
        {
            var record = batch[at];
            SalesforceRecord salesforce;
            try
            {
                salesforce = SalesforceRecord.From(JsonNode.Parse(record.Payload));
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                outcomes[at] = DeliveryOutcome.Permanent(record.RecordId,
                    $"Not a Salesforce record: it {(e is JsonException ? "is not JSON" : e.Message)} (a bridge field mapping must keep attributes.type and Id).");
                continue;
            }

            if (mappings.For(salesforce.Type) is not { } mapping)
            {
                outcomes[at] = DeliveryOutcome.Permanent(record.RecordId, $"Unrouted: no mapping for object type '{salesforce.Type}'");
                continue;
            }

            try
            {
                ready.Add((at, mappings.RankOf(salesforce.Type), CaseXForm.Build(mapping, salesforce, userId, Guid.NewGuid(), clock.GetUtcNow())));
            }
            catch (FormatException e)
            {
                outcomes[at] = DeliveryOutcome.Permanent(record.RecordId, e.Message);
            }
        }

        using var http = clients.CreateHttpClient(context.Connection);
        var refused = (string?)null;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = CaseSinkSettings.Parallel(settings) ?? CaseSinkSettings.DefaultParallelSubmissions,
            CancellationToken = cancellationToken,
        };

        // Referenced cases first: HQ refuses an index to a case it does not have (InvalidCaseIndex).
        foreach (var wave in ready.GroupBy(r => r.Rank).OrderBy(g => g.Key))
        {
            await Parallel.ForEachAsync(wave, options, async (item, token) =>
            {
                var id = batch[item.At].RecordId;
                if (Volatile.Read(ref refused) is { } reason)
                {
                    outcomes[item.At] = DeliveryOutcome.Permanent(id, $"Not sent: {reason}");
                    return;
                }

                var outcome = await SubmitAsync(http, domain, id, item.Submission, token);
                if (outcome.HttpStatus is 401 or 403 or 404)
                {
                    Interlocked.CompareExchange(ref refused, outcome.Error, null);
                }

                outcomes[item.At] = outcome;
            });
        }

        return [.. outcomes.Select((o, at) => o ?? DeliveryOutcome.Transient(batch[at].RecordId, "The record was not submitted."))];
    }

    private async Task<DeliveryOutcome> SubmitAsync(HttpClient http, string domain, long recordId, CaseSubmission submission, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var content = new StringContent(submission.Xml, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            using var response = await http.PostAsync($"a/{Uri.EscapeDataString(domain)}/receiver/", content, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryOutcome.Delivered(recordId, code);
            }

            var message = OpenRosaResponse.Message(await response.Content.ReadAsStringAsync(CancellationToken.None));
            switch (code)
            {
                case 401 or 403:
                    logger.LogWarning("CommCare refused the API key for project space {Domain} ({Status})", domain, code);
                    return DeliveryOutcome.Permanent(recordId, $"CommCare refused the username / API key ({code}): check the connection and that the user may submit to '{domain}'.", code);
                case 404:
                    return DeliveryOutcome.Permanent(recordId, $"CommCare answered 404: no project space '{domain}' (or no receiver) on this server.", code);
                case 422 when message.Contains("InvalidCaseIndex", StringComparison.OrdinalIgnoreCase):
                    return DeliveryOutcome.Transient(recordId, $"CommCare does not have a case this one references yet (case {submission.CaseId}): {message} Retried, so the referenced record can arrive first.", code);
                case 408 or 429 or >= 500:
                    return DeliveryOutcome.Transient(recordId, $"CommCare answered {code}: {message}", code);
                default:
                    return DeliveryOutcome.Permanent(recordId, $"CommCare rejected case {submission.CaseId} ({code}): {message}", code);
            }
        }
        catch (Exception e) when (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Transient(recordId, $"CommCare did not answer within {Timeout.TotalSeconds:0} s. It is tried again later.");
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e))
        {
            return DeliveryOutcome.Transient(recordId, ErrorSentences.Unreachable(CommCareClientFactory.Target(http.BaseAddress?.ToString() ?? "the CommCare server"), e));
        }
    }
}

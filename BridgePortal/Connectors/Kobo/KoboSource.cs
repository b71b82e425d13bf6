using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.Kobo;

/// <summary>
/// Polls one Kobo project: submissions with <c>_id</c> above the cursor, ascending, a page at a time (the cursor
/// after each page is that page's last <c>_id</c>); then, when a re-scan window is set, submissions received in
/// that window again, so that edits (same <c>_id</c> and <c>_submission_time</c>, new <c>_uuid</c> and content) arrive as
/// updates of the same record.
/// </summary>
public sealed class KoboSource(KoboClientFactory kobo, TimeProvider clock) : IPollingSource
{
    public const string SourceKind = "Kobo";

    public string Kind => SourceKind;

    public async IAsyncEnumerable<SourcePage> PollAsync(SourceContext context, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = context.Connection ?? throw new SourceException("The bridge has no Kobo connection.");
        var asset = context.Setting(KoboSettings.AssetUid) ?? throw new SourceException("The bridge has no Kobo project (asset uid) set.");
        var server = connection.Setting(KoboSettings.ServerUrl) ?? "";
        var api = kobo.Create(connection);
        var size = KoboSettings.Size(context.Settings);
        var last = long.TryParse(cursor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
        const string ascending = "{\"_id\":1}";

        // Keyset paging on _id: each page asks for what lies above the last stored id.
        while (true)
        {
            var query = $"{{\"_id\":{{\"$gt\":{last}}}}}";
            var page = await FetchAsync(api, asset, size, 0, query, ascending, server, cancellationToken);
            if (page.Results.Count == 0)
            {
                break;
            }

            var records = new List<InboundRecord>(page.Results.Count);
            foreach (var submission in page.Results)
            {
                records.Add(KoboSubmission.ToRecord(submission));
                last = Math.Max(last, KoboSubmission.Id(submission) ?? last);
            }

            yield return new SourcePage(records, last.ToString(CultureInfo.InvariantCulture));
            if (page.Next is null)
            {
                break;
            }
        }

        var hours = KoboSettings.Rescan(context.Settings);
        if (hours == 0 || last == 0)
        {
            yield break;
        }

        // Re-scan: everything received in the window up to the cursor; unchanged ones are no-ops at intake.
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-hours).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var window = $"{{\"_submission_time\":{{\"$gte\":\"{since}\"}},\"_id\":{{\"$lte\":{last}}}}}";
        for (var start = 0; ;)
        {
            var page = await FetchAsync(api, asset, size, start, window, ascending, server, cancellationToken);
            if (page.Results.Count > 0)
            {
                yield return new SourcePage([.. page.Results.Select(KoboSubmission.ToRecord)], null);
            }

            start += page.Results.Count;
            if (page.Next is null || page.Results.Count == 0)
            {
                break;
            }
        }
    }

    private static async Task<KoboPage<JsonObject>> FetchAsync(
        IKoboApi api, string asset, int size, int start, string query, string sort, string server, CancellationToken cancellationToken)
    {
        Refit.IApiResponse<KoboPage<JsonObject>> response;
        try
        {
            response = await api.ListSubmissionsAsync(asset, size, start, query, sort, cancellationToken);
        }
        catch (Exception e) when (ErrorSentences.IsTransport(e))
        {
            throw new SourceException(ErrorSentences.Unreachable(KoboClientFactory.Target(server), e), e);
        }

        if (!response.IsSuccessStatusCode || response.Content is not { Results: not null } page)
        {
            throw new SourceException(response.IsSuccessStatusCode && response.Error is null
                ? ErrorSentences.NotTheExpectedAnswer(KoboClientFactory.Target(server), "a Kobo submission list", null)
                : KoboClientFactory.Describe(response, server, "a Kobo submission list"), response.Error);
        }

        return page;
    }
}

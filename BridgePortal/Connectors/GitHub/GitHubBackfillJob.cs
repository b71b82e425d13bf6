using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using BridgePortal.Data;
using BridgePortal.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Refit;
using BridgePortal.Connectors.Abstractions;

namespace BridgePortal.Connectors.GitHub;

/// <summary>
/// Runs one back-fill: lists the repository's commits, then its issues, changed since the run's date, page by page
/// along GitHub's <c>Link</c> headers; builds the same documents as the webhooks (<see cref="GitHubNormaliser"/>) and
/// hands the ones the bridge does not have yet to <see cref="Intake"/>, one transaction per page. Progress is stored
/// after every page; GitHub's rate limits are waited out (capped); Cancel stops it after (or during) the current page.
/// Safe to run twice: only the run that moves the row from Queued to Running works.
/// </summary>
public sealed class GitHubBackfillJob(
    IServiceScopeFactory scopes,
    GitHubClientFactory github,
    SecretProtector secrets,
    GitHubBackfillCancellations cancellations,
    TimeProvider clock,
    ILogger<GitHubBackfillJob> logger)
{
    /// <summary>The longest single wait for a rate limit; GitHub's hourly window never needs more.</summary>
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromMinutes(65);

    private const int ServerErrorRetries = 3;

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid backfillId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BridgeDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<GitHubBackfill>().Where(b => b.Id == backfillId && b.Status == GitHubBackfillStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, GitHubBackfillStatus.Running).SetProperty(b => b.UpdatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var run = await db.Set<GitHubBackfill>().FirstAsync(b => b.Id == backfillId, cancellationToken);
        using var cancel = cancellations.Register(backfillId, cancellationToken);
        var progress = new GitHubBackfillProgress(db, run, cancel, clock);
        try
        {
            await BackfillAsync(scope.ServiceProvider, progress, cancel.Token);
            run.Status = GitHubBackfillStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            var requested = await db.Set<GitHubBackfill>().Where(b => b.Id == backfillId).Select(b => b.CancelRequested).FirstAsync(CancellationToken.None);
            (run.Status, run.Error) = requested
                ? (GitHubBackfillStatus.Cancelled, null)
                : (GitHubBackfillStatus.Failed, "Interrupted: the app stopped. Start the back-fill again; what is stored already is skipped.");
        }
        catch (BackfillException e)
        {
            (run.Status, run.Error) = (GitHubBackfillStatus.Failed, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException || ErrorSentences.IsTransport(e))
        {
            // Not ours: the HTTP client's own timeout, or no answer at all.
            (run.Status, run.Error) = (GitHubBackfillStatus.Failed, ErrorSentences.Unreachable(GitHubClientFactory.Target("the GitHub API"), e));
        }
        catch (Exception e)
        {
            // The job's boundary: whatever went wrong is the run's outcome (Hangfire does not retry it).
            logger.LogWarning(e, "Back-fill {BackfillId} of bridge {BridgeId} failed", backfillId, run.BridgeId);
            (run.Status, run.Error) = (GitHubBackfillStatus.Failed, "GitHub: the back-fill stopped on an unexpected error (details in the server log). Start it again; what is stored already is skipped.");
        }
        finally
        {
            cancellations.Remove(backfillId);
        }

        run.Error = run.Error is { Length: > 2000 } error ? error[..1999] + "…" : run.Error;
        run.WaitingUntil = null;
        run.FinishedAt = run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Back-fill {BackfillId} of bridge {BridgeId}: {Status} after {Pages} page(s), {Stored} stored, {Known} already stored",
            backfillId, run.BridgeId, run.Status, run.Pages, run.Stored, run.AlreadyStored);
    }

    private async Task BackfillAsync(IServiceProvider services, GitHubBackfillProgress progress, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<BridgeDbContext>();
        var intake = services.GetRequiredService<Intake>();
        var run = progress.Run;
        var bridge = await db.Bridges.AsNoTracking().Include(b => b.SourceConnection).FirstOrDefaultAsync(b => b.Id == run.BridgeId, cancellationToken)
            ?? throw new BackfillException("The bridge no longer exists.");
        if (bridge.SourceConnection is not { } connection || connection.Kind != GitHubConnectionKind.Kind)
        {
            throw new BackfillException("The bridge has no GitHub connection: edit it and choose one.");
        }

        var settings = SettingsJson.Read(bridge.SourceSettingsJson);
        var prj = settings.GetValueOrDefault(GitHubSettings.Prj)?.Trim();
        if (GitHubSettings.ParseRepository(run.Repository) is not { } parsed || string.IsNullOrEmpty(prj))
        {
            throw new BackfillException("Set the bridge's back-fill repository (owner/name) and prj.");
        }

        var (owner, name) = parsed;

        var data = secrets.Open(connection);
        var api = github.Create(data);
        var apiBase = GitHubClientFactory.BaseOf(data);
        var quality = settings.GetValueOrDefault(GitHubSettings.QualityModel)?.Trim();
        var meta = new WebhookMetadata(prj, string.IsNullOrEmpty(quality) ? null : quality);
        var since = run.Since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var configuredBranch = settings.GetValueOrDefault(GitHubSettings.Branch)?.Trim() is { Length: > 0 } b ? b : null;

        var repository = await CallAsync(t => api.GetRepositoryAsync(owner, name, t), data, progress, cancellationToken);
        var repo = repository.Content?["full_name"]?.ToString() ?? $"{owner}/{name}";
        var branch = configuredBranch ?? repository.Content?["default_branch"]?.ToString();

        await ListAsync("commits", t => api.ListCommitsAsync(owner, name, since, configuredBranch, 1, t), api, apiBase, data, progress,
            async (items, t) =>
            {
                var commits = items.OfType<JsonObject>().Where(i => i["sha"] is not null).ToList();
                run.Commits += commits.Count;
                await StoreAsync(db, intake, bridge.Id, progress, [.. commits.Select(c => GitHubNormaliser.ListedCommit(repo, branch, c, meta))], t);
            },
            cancellationToken);

        await ListAsync("issues", t => api.ListIssuesAsync(owner, name, since, 1, t), api, apiBase, data, progress,
            async (items, t) =>
            {
                var listed = items.OfType<JsonObject>().ToList();
                run.PullRequests += listed.Count(i => i["pull_request"] is not null);
                run.Issues += listed.Count(i => i["pull_request"] is null);
                await StoreAsync(db, intake, bridge.Id, progress, [.. listed.SelectMany(i => GitHubNormaliser.ListedIssue(repo, i, meta))], t);
            },
            cancellationToken);
    }

    private async Task ListAsync(
        string phase,
        Func<CancellationToken, Task<IApiResponse<JsonArray>>> firstPage,
        IGitHubApi api,
        Uri apiBase,
        ConnectionData connection,
        GitHubBackfillProgress progress,
        Func<JsonArray, CancellationToken, Task> store,
        CancellationToken cancellationToken)
    {
        await progress.StartPhaseAsync(phase, cancellationToken);
        var call = firstPage;
        while (true)
        {
            var response = await CallAsync(call, connection, progress, cancellationToken);
            await store(response.Content ?? [], cancellationToken);
            var links = GitHubLinks.Parse(response.Headers is { } headers && headers.TryGetValues("Link", out var values) ? values : null);
            var hasNext = links.TryGetValue("next", out var next);
            await progress.PageDoneAsync(GitHubLinks.PageOf(links.GetValueOrDefault("last")), !hasNext, cancellationToken);
            if (!hasNext || next is null)
            {
                return;
            }

            var (path, query) = GitHubLinks.Below(apiBase, next)
                ?? throw new BackfillException($"GitHub's next page ({next.GetLeftPart(UriPartial.Path)}) is not below the connection's API base {apiBase}: stopped, the token is only sent there.");
            if (GitHubRateLimit.WaitBeforeNext(response, clock.GetUtcNow()) is { } wait)
            {
                await progress.WaitAsync(Capped(wait), cancellationToken);
            }

            call = t => api.NextPageAsync(path, query, t);
        }
    }

    /// <summary>One call, repeated after a rate limit (waited out) or a server error (three tries); any other failure ends the run.</summary>
    private async Task<IApiResponse<T>> CallAsync<T>(
        Func<CancellationToken, Task<IApiResponse<T>>> call, ConnectionData connection, GitHubBackfillProgress progress, CancellationToken cancellationToken)
    {
        for (var serverErrors = 0; ;)
        {
            var response = await call(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            if (response.StatusCode != HttpStatusCode.Unauthorized && GitHubRateLimit.WaitAfter(response, clock.GetUtcNow()) is { } wait)
            {
                await progress.WaitAsync(Capped(wait), cancellationToken);
                continue;
            }

            if ((int?)response.StatusCode >= 500 && ++serverErrors < ServerErrorRetries)
            {
                await Task.Delay(TimeSpan.FromSeconds(2 * serverErrors), clock, cancellationToken);
                continue;
            }

            throw new BackfillException(GitHubClientFactory.Describe(response, GitHubSettings.BaseUrl(connection)));
        }
    }

    private static TimeSpan Capped(TimeSpan wait) =>
        wait <= MaxRateLimitWait
            ? wait
            : throw new BackfillException($"GitHub's rate limit resets only in {wait.TotalMinutes:0} minutes (more than {MaxRateLimitWait.TotalMinutes:0}): start the back-fill again later.");

    /// <summary>The page's documents the bridge does not have yet go to intake; the others stay as they are (webhook documents carry more).</summary>
    private static async Task StoreAsync(BridgeDbContext db, Intake intake, Guid bridgeId, GitHubBackfillProgress progress, IReadOnlyList<WebhookDocument> documents, CancellationToken cancellationToken)
    {
        var distinct = documents.GroupBy(d => d.NaturalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var ids = distinct.Select(d => d.NaturalId).ToList();
        var known = (await db.Records.Where(r => r.BridgeId == bridgeId && ids.Contains(r.NaturalId)).Select(r => r.NaturalId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = distinct.Where(d => !known.Contains(d.NaturalId)).Select(d => d.ToRecord()).ToList();
        var bridge = await db.Bridges.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken) ?? throw new BackfillException("The bridge was deleted.");
        var results = fresh.Count > 0 ? await intake.AcceptAsync(bridge, fresh, cancellationToken) : [];
        progress.Run.Stored += results.Count(r => r.Disposition != IntakeDisposition.Unchanged);
        progress.Run.AlreadyStored += known.Count + results.Count(r => r.Disposition == IntakeDisposition.Unchanged);
    }
}

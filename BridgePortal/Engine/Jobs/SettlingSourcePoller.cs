using System.Runtime.CompilerServices;
using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data;
using Hangfire;

namespace BridgePortal.Engine.Jobs;

/// <summary>
/// Runs an <see cref="ISettlingSource"/> as the bridge's poller: settle the open batch once its records are settled,
/// then collect the next one, at most three steps per poll. A batch just stored is looked at again in a few seconds
/// (delivery usually takes moments) rather than at the next scheduled poll.
/// </summary>
public sealed class SettlingSourcePoller(ISettlingSource source, IServiceScopeFactory scopes, IBackgroundJobClient jobs) : IPollingSource
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromSeconds(3);

    public string Kind => source.Kind;

    /// <summary>The poller of the <typeparamref name="TSource"/> singleton (register it as <see cref="IPollingSource"/>).</summary>
    public static IPollingSource For<TSource>(IServiceProvider services) where TSource : ISettlingSource =>
        ActivatorUtilities.CreateInstance<SettlingSourcePoller>(services, services.GetRequiredService<TSource>());

    public async IAsyncEnumerable<SourcePage> PollAsync(SourceContext context, string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var step = 0; step < 3; step++)
        {
            if (source.OpenBatch(cursor) is { } module)
            {
                if (await OutcomeAsync(context.Bridge.Id, module, cancellationToken) is not { } outcome)
                {
                    yield break; // still being delivered
                }

                var settled = await source.OnBatchSettledAsync(context, cursor!, outcome, cancellationToken);
                cursor = settled.Cursor;
                yield return new SourcePage([], cursor);
                if (!settled.CollectNext)
                {
                    yield break;
                }

                continue;
            }

            if (await source.CollectAsync(context, cursor, cancellationToken) is not { } page)
            {
                yield break;
            }

            cursor = page.Cursor ?? cursor;
            yield return page;
            if (source.OpenBatch(cursor) is null)
            {
                yield break;
            }

            var bridgeId = context.Bridge.Id;
            jobs.Schedule<PollBridgeJob>(j => j.RunAsync(bridgeId, CancellationToken.None), LookAgain);
        }
    }

    private async Task<BatchOutcome?> OutcomeAsync(Guid bridgeId, string module, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await BatchOutcomes.ReadAsync(scope.ServiceProvider.GetRequiredService<BridgeDbContext>(), bridgeId, module, cancellationToken);
    }
}

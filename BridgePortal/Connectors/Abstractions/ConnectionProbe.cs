using System.Diagnostics;

namespace BridgePortal.Connectors.Abstractions;

/// <summary>
/// The frame every "Test connection" shares: a time limit on top of the caller's token, the latency the page shows,
/// and the sentence for a call that got no answer. The kind's probe only makes its call and words what came back.
/// </summary>
public static class ConnectionProbe
{
    /// <summary>A call to <paramref name="target"/>: no answer (transport error or the time limit) reads as <see cref="ErrorSentences.Unreachable"/>.</summary>
    public static Task<ConnectionTestResult> RunAsync(ApiTarget target, Func<CancellationToken, Task<ProbeOutcome>> probe, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(probe, timeout, e => Unreachable(target, e), cancellationToken);

    /// <summary>
    /// As above, with the kind's own words for the exceptions it expects (<paramref name="failure"/> returns null to let
    /// one escape). The caller's own cancellation always escapes: that is the user leaving, not the server failing.
    /// </summary>
    public static async Task<ConnectionTestResult> RunAsync(
        Func<CancellationToken, Task<ProbeOutcome>> probe, TimeSpan timeout, Func<Exception, string?> failure, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var outcome = await probe(limit.Token);
            return new(outcome.Succeeded, outcome.Message, (int)watch.ElapsedMilliseconds);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested) && failure(e) is { } message)
        {
            return new(false, message, (int)watch.ElapsedMilliseconds);
        }
    }

    /// <summary>The "could not reach" sentence for a transport error or the time limit; null for anything else.</summary>
    public static string? Unreachable(ApiTarget target, Exception e) =>
        ErrorSentences.IsTransport(e) || e is OperationCanceledException ? ErrorSentences.Unreachable(target, e) : null;
}

using Hangfire;

namespace BridgePortal.Alerts;

/// <summary>Every minute: evaluates the alert rules and sends due notifications. Safe to run twice (claims and a unique index).</summary>
public sealed class AlertEvaluationJob(IServiceScopeFactory scopes)
{
    public const string Id = "alerts-evaluate";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AlertEvaluator>().EvaluateAsync(cancellationToken);
    }
}

using BridgePortal.Connectors.Abstractions;
using Hangfire;

namespace BridgePortal.Alerts;

/// <summary>The alert rules are evaluated every minute.</summary>
public sealed class AlertRecurringJobs : IRecurringJobs
{
    public void AddTo(IRecurringJobManager jobs) =>
        jobs.AddOrUpdate<AlertEvaluationJob>(AlertEvaluationJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
}

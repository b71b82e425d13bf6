using Hangfire;

namespace BridgePortal.Jobs;

/// <summary>Every recurring schedule, registered in one place with stable ids at start-up (InMemory storage forgets them).</summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<DispatchJob>(DispatchJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<CleanupJob>(CleanupJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

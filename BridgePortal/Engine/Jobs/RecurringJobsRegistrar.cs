using BridgePortal.Connectors.Abstractions;
using BridgePortal.Data;
using Hangfire;

namespace BridgePortal.Engine.Jobs;

/// <summary>
/// Every recurring schedule, registered in one place with stable ids at start-up (InMemory storage forgets
/// them): the engine's own jobs, each part's (<see cref="IRecurringJobs"/>), and one poll job per running polling bridge.
/// </summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager jobs, IEnumerable<IRecurringJobs> parts, IServiceScopeFactory scopes, PollScheduler polls) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<DispatchJob>(DispatchJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<CleanupJob>(CleanupJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        foreach (var part in parts)
        {
            part.AddTo(jobs);
        }

        await using var scope = scopes.CreateAsyncScope();
        await polls.SyncAllAsync(scope.ServiceProvider.GetRequiredService<BridgeDbContext>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using BridgePortal.Connectors.AtHoc;
using BridgePortal.Data;
using Hangfire;

namespace BridgePortal.Jobs;

/// <summary>
/// Every recurring schedule, registered in one place with stable ids at start-up (InMemory storage forgets
/// them): the engine's own jobs, and one poll job per running polling bridge.
/// </summary>
public sealed class RecurringJobsRegistrar(IRecurringJobManager jobs, IServiceScopeFactory scopes, PollScheduler polls) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<DispatchJob>(DispatchJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<CleanupJob>(CleanupJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdate<AtHocMappingSyncJob>(AtHocMappingSyncJob.Id, j => j.RunAsync(CancellationToken.None), "*/10 * * * *");
        jobs.AddOrUpdate<AlertEvaluationJob>(AlertEvaluationJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<AtHocDutyCleanupJob>(AtHocDutyCleanupJob.Id, j => j.RunAsync(CancellationToken.None), AtHocDutyCleanupJob.Schedule);
        await using var scope = scopes.CreateAsyncScope();
        await polls.SyncAllAsync(scope.ServiceProvider.GetRequiredService<BridgeDbContext>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

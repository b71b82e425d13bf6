using BridgePortal.Connectors.Abstractions;
using Hangfire;

namespace BridgePortal.Connectors.AtHoc;

/// <summary>AtHoc's schedules: the mapping table's sync every ten minutes and the duty auto clean-up.</summary>
public sealed class AtHocRecurringJobs : IRecurringJobs
{
    public void AddTo(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<AtHocMappingSyncJob>(AtHocMappingSyncJob.Id, j => j.RunAsync(CancellationToken.None), "*/10 * * * *");
        jobs.AddOrUpdate<AtHocDutyCleanupJob>(AtHocDutyCleanupJob.Id, j => j.RunAsync(CancellationToken.None), AtHocDutyCleanupJob.Schedule);
    }
}

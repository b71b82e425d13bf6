namespace BridgePortal.Connectors.AtHoc;

/// <summary>
/// Whether a mapping sync is due: never synced; the last run failed or returned no users; the last success is
/// more than <c>maxDays</c> old; or it is past the daily hour (local time) and no sync has succeeded since
/// today's hour mark.
/// </summary>
public static class AtHocSyncSchedule
{
    public static (bool Due, string Reason) Decide(AtHocMappingSyncState? state, DateTimeOffset now, TimeZoneInfo zone, int maxDays, int dailyHour)
    {
        if (state?.LastRunAt is null)
        {
            return (true, "never synced");
        }

        if (state.LastStatus == AtHocSyncStatus.Failed)
        {
            return (true, "the last sync failed");
        }

        if (state.LastStatus == AtHocSyncStatus.NoUsers)
        {
            return (true, "the last sync returned no users");
        }

        if (state.LastSuccessAt is not { } success || now.UtcDateTime - success > TimeSpan.FromDays(maxDays))
        {
            return (true, $"more than {maxDays} day(s) since the last successful sync");
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var mark = new DateTimeOffset(local.Year, local.Month, local.Day, dailyHour, 0, 0, local.Offset);
        if (local >= mark && success < mark.UtcDateTime)
        {
            return (true, $"daily sync after {dailyHour:00}:00");
        }

        return (false, "up to date");
    }
}

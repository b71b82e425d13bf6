using BridgePortal.Connectors.AtHoc;
using Microsoft.Extensions.Time.Testing;

namespace BridgePortal.Tests.Connectors.AtHoc;

public sealed class AtHocSyncScheduleTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");

    private static FakeTimeProvider ClockAt(string local)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(local + "+02:00", System.Globalization.CultureInfo.InvariantCulture));
        clock.SetLocalTimeZone(Zone);
        return clock;
    }

    private static (bool Due, string Reason) Decide(FakeTimeProvider clock, AtHocMappingSyncState? state) =>
        AtHocSyncSchedule.Decide(state, clock.GetUtcNow(), clock.LocalTimeZone, maxDays: 2, dailyHour: 20);

    private static AtHocMappingSyncState Ok(FakeTimeProvider clock, TimeSpan ago) => new()
    {
        LastRunAt = clock.GetUtcNow().UtcDateTime - ago,
        LastSuccessAt = clock.GetUtcNow().UtcDateTime - ago,
        LastStatus = AtHocSyncStatus.Succeeded,
    };

    [Fact]
    public void A_connection_never_synced_is_due() =>
        Assert.Equal((true, "never synced"), Decide(ClockAt("2024-06-01T10:00:00"), null));

    [Fact]
    public void A_failed_last_sync_is_due_even_right_after_a_success()
    {
        var clock = ClockAt("2024-06-01T10:00:00");
        var state = Ok(clock, TimeSpan.FromMinutes(30));
        state.LastStatus = AtHocSyncStatus.Failed;
        Assert.Equal((true, "the last sync failed"), Decide(clock, state));
    }

    [Fact]
    public void A_last_sync_that_returned_no_users_is_due()
    {
        var clock = ClockAt("2024-06-01T10:00:00");
        var state = Ok(clock, TimeSpan.FromMinutes(30));
        state.LastStatus = AtHocSyncStatus.NoUsers;
        Assert.Equal((true, "the last sync returned no users"), Decide(clock, state));
    }

    [Fact]
    public void More_than_the_maximum_days_since_the_last_success_is_due_and_less_is_not_before_the_daily_hour()
    {
        var clock = ClockAt("2024-06-03T10:00:00");
        Assert.Equal((true, "more than 2 day(s) since the last successful sync"), Decide(clock, Ok(clock, TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1))));
        Assert.Equal((false, "up to date"), Decide(clock, Ok(clock, TimeSpan.FromHours(30))));
    }

    [Fact]
    public void After_the_daily_hour_a_sync_is_due_once_that_day()
    {
        var clock = ClockAt("2024-06-01T19:59:00");
        var morning = Ok(clock, TimeSpan.FromHours(10));
        Assert.False(Decide(clock, morning).Due);

        clock.Advance(TimeSpan.FromMinutes(2)); // 20:01 local
        Assert.Equal((true, "daily sync after 20:00"), Decide(clock, morning));

        var evening = Ok(clock, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromHours(3)); // 23:01 local: done today
        Assert.Equal((false, "up to date"), Decide(clock, evening));

        clock.Advance(TimeSpan.FromHours(21)); // next day 20:01 local
        Assert.Equal((true, "daily sync after 20:00"), Decide(clock, evening));
    }
}

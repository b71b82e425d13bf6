using BridgePortal.Data.Model;

namespace BridgePortal.Bridges;

/// <summary>
/// A bridge's sink protection as a form or the API sets it: the circuit breaker's two triggers (0 turns one
/// off) and an optional records-per-second limit. A draft without it keeps the bridge's current values.
/// </summary>
public sealed record SinkProtectionSettings(int BreakerFailures = 5, int BreakerSeconds = 120, int? RateLimitPerSecond = null)
{
    public static SinkProtectionSettings Of(Bridge bridge) => new(bridge.BreakerFailures, bridge.BreakerSeconds, bridge.RateLimitPerSecond);

    public void ApplyTo(Bridge bridge)
    {
        bridge.BreakerFailures = BreakerFailures;
        bridge.BreakerSeconds = BreakerSeconds;
        bridge.RateLimitPerSecond = RateLimitPerSecond;
    }

    public void Validate(Dictionary<string, string> errors)
    {
        if (BreakerFailures is < 0 or > 100_000)
        {
            errors[nameof(BreakerFailures)] = "Failures before pausing must be between 0 (off) and 100000.";
        }

        if (BreakerSeconds is < 0 or > 86_400)
        {
            errors[nameof(BreakerSeconds)] = "Seconds of failing before pausing must be between 0 (off) and 86400.";
        }

        if (RateLimitPerSecond is < 1 or > 100_000)
        {
            errors[nameof(RateLimitPerSecond)] = "The rate limit must be between 1 and 100000 records per second, or empty for none.";
        }
    }
}

namespace BridgePortal.Data.Model;

/// <summary>A source → sink configuration that records move through.</summary>
public sealed class Bridge
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string OwnerId { get; set; }

    public required string Name { get; set; }

    /// <summary>URL key of the bridge's inbound endpoints (<c>/api/ingest/{key}</c>, <c>/hooks/{key}</c>).</summary>
    public required string Key { get; set; }

    public required string SourceKind { get; set; }

    public Guid? SourceConnectionId { get; set; }

    public string SourceSettingsJson { get; set; } = "{}";

    public required string SinkKind { get; set; }

    public Guid? SinkConnectionId { get; set; }

    public string SinkSettingsJson { get; set; } = "{}";

    /// <summary>Optional field mapping: JSON object of output field → input path.</summary>
    public string? MappingJson { get; set; }

    /// <summary>Retries after the first failed attempt before a record is Failed.</summary>
    public int MaxRetries { get; set; } = 3;

    public BridgeState State { get; set; } = BridgeState.Stopped;

    /// <summary>Where a polling source resumes; advanced only with committed records.</summary>
    public string? SourceCursor { get; set; }

    /// <summary>SHA-256 (hex) of the ingest bearer token; the token itself is shown once.</summary>
    public required string IngestTokenHash { get; set; }

    /// <summary>The source's secret settings (webhook HMAC key, basic-auth password, shared token) as protected JSON.</summary>
    public string? ProtectedWebhookSecret { get; set; }

    /// <summary>When a polling source last finished a poll (successful or not).</summary>
    public DateTime? LastPollAt { get; set; }

    /// <summary>Records the last poll handed to intake.</summary>
    public int? LastPollFetched { get; set; }

    /// <summary>Why the last poll failed; null when it succeeded.</summary>
    public string? LastPollError { get; set; }

    /// <summary>Polls that failed since the last successful one (the "poll failing N times" alert).</summary>
    public int PollFailuresInARow { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastSyncAt { get; set; }

    // Sink protection (circuit breaker and rate limit): Engine/Delivery/Breaker and RateLimit.

    /// <summary>When delivery was paused (by the breaker or a user); null while delivering.</summary>
    public DateTime? PausedAt { get; set; }

    /// <summary>Why, e.g. "Http answers 503" or "by ops@example.org" (shown as "Paused: … since 10:42").</summary>
    public string? PauseReason { get; set; }

    /// <summary>A user paused it: no probes, only a user resumes it.</summary>
    public bool PausedManually { get; set; }

    /// <summary>When the paused breaker next tries one record.</summary>
    public DateTime? ProbeAt { get; set; }

    /// <summary>Probes taken in this pause (the next waits 5 s × 2^n, at most 2 min).</summary>
    public int ProbeCount { get; set; }

    /// <summary>Consecutive sink calls failing transiently that pause delivery; 0 turns that trigger off.</summary>
    public int BreakerFailures { get; set; } = 5;

    /// <summary>Seconds of failing without a success that pause delivery; 0 turns that trigger off.</summary>
    public int BreakerSeconds { get; set; } = 120;

    /// <summary>Records per second the sink may get from all instances together; null is unlimited.</summary>
    public int? RateLimitPerSecond { get; set; }

    public Connection? SourceConnection { get; set; }

    public Connection? SinkConnection { get; set; }
}

public enum BridgeState
{
    Stopped,
    Running,
}

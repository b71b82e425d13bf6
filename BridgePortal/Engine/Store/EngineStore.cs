namespace BridgePortal.Engine;

/// <summary>
/// The provider's own statements for the engine's hot paths and the dashboard, chosen once at start-up with the
/// provider (see <c>AddSyncEngine</c>) instead of by testing the context's type on every batch. Each member hands
/// out a static statement or singleton, so a batch costs one virtual property read, as the type test did.
/// Abstract class rather than interface: its members stay internal while the services that take it are public.
/// </summary>
public abstract class EngineStore
{
    /// <summary>The group commit's upsert and id lookup.</summary>
    internal abstract IIntakeStatements Intake { get; }

    /// <summary>The set-based outcome updates.</summary>
    internal abstract IOutcomeStatements Outcomes { get; }

    /// <summary>The claim statement (<see cref="RecordClaims"/>).</summary>
    internal abstract string Claim { get; }

    /// <summary>The rate limiter's turn upsert (<see cref="RateLimiter"/>).</summary>
    internal abstract string RateTurn { get; }

    /// <summary>The dashboard's latency percentile.</summary>
    internal abstract IDashboardStatements Dashboard { get; }
}

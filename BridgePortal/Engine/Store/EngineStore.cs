namespace BridgePortal.Engine;

/// <summary>
/// The provider's own statements for the engine's hot paths and the dashboard, chosen once at start-up with the
/// provider (see <c>AddSyncEngine</c>) instead of by testing the context's type on every batch. Each member is a
/// static statement or singleton read from a field, so a batch costs no more than the type test did.
/// A class with internal members rather than an interface: the services that take it are public, its statements not.
/// </summary>
public sealed class EngineStore
{
    /// <summary>SQLite: multi-row <c>VALUES</c> statements, no row locks (one writer), the clock passed in.</summary>
    internal static readonly EngineStore Sqlite = new(
        SqliteIntakeStatements.Instance, SqliteOutcomeStatements.Instance, RecordClaims.Sqlite, RateTurnStatements.Sqlite, SqliteDashboardStatements.Instance);

    /// <summary>PostgreSQL: unnested arrays, <c>SKIP LOCKED</c> claims, the database's clock for rate limits.</summary>
    internal static readonly EngineStore Postgres = new(
        PostgresIntakeStatements.Instance, PostgresOutcomeStatements.Instance, RecordClaims.Postgres, RateTurnStatements.Postgres, PostgresDashboardStatements.Instance);

    private EngineStore(IIntakeStatements intake, IOutcomeStatements outcomes, string claim, string rateTurn, IDashboardStatements dashboard) =>
        (Intake, Outcomes, Claim, RateTurn, Dashboard) = (intake, outcomes, claim, rateTurn, dashboard);

    /// <summary>The group commit's upsert and id lookup.</summary>
    internal IIntakeStatements Intake { get; }

    /// <summary>The set-based outcome updates.</summary>
    internal IOutcomeStatements Outcomes { get; }

    /// <summary>The claim statement (<see cref="RecordClaims"/>).</summary>
    internal string Claim { get; }

    /// <summary>The rate limiter's turn upsert (<see cref="RateLimiter"/>).</summary>
    internal string RateTurn { get; }

    /// <summary>The dashboard's latency percentile.</summary>
    internal IDashboardStatements Dashboard { get; }
}

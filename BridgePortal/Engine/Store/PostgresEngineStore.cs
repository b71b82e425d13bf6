namespace BridgePortal.Engine;

/// <summary>PostgreSQL: unnested arrays, <c>SKIP LOCKED</c> claims, the database's clock for rate limits.</summary>
internal sealed class PostgresEngineStore : EngineStore
{
    public static readonly PostgresEngineStore Instance = new();

    internal override IIntakeStatements Intake => PostgresIntakeStatements.Instance;

    internal override IOutcomeStatements Outcomes => PostgresOutcomeStatements.Instance;

    internal override string Claim => RecordClaims.Postgres;

    internal override string RateTurn => RateTurnStatements.Postgres;

    internal override IDashboardStatements Dashboard => PostgresDashboardStatements.Instance;
}
